import Link from "next/link";
import { Notice } from "@/components/ui/card";

export default function ApiDocsNotFound() {
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-xl font-semibold">Not found</h1>
      <Notice>This documentation page does not exist.</Notice>
      <Link href="/api-docs" className="text-accent underline">
        Back to the API documentation
      </Link>
    </div>
  );
}
