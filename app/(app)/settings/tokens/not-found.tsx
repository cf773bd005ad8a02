import Link from "next/link";
import { Notice } from "@/components/ui/card";

export default function TokensNotFound() {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-xl font-semibold">Not found</h1>
      <Notice>This settings page does not exist.</Notice>
      <Link href="/settings/tokens" className="text-accent underline">
        Back to access tokens
      </Link>
    </div>
  );
}
