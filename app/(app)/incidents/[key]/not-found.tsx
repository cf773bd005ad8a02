import Link from "next/link";
import { Notice } from "@/components/ui/card";

export default function IncidentNotFound() {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-xl font-semibold">Incident not found</h1>
      <Notice>There is no incident with this key. It may have been mistyped.</Notice>
      <Link href="/incidents" className="text-accent underline">
        Back to incidents
      </Link>
    </div>
  );
}
