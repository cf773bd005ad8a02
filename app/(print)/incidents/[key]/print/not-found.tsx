import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-10 text-center">
      <h1 className="text-lg font-semibold">Incident not found</h1>
      <p className="mt-2 text-sm text-muted">
        <Link href="/incidents" className="text-accent underline">
          Back to incidents
        </Link>
      </p>
    </div>
  );
}
