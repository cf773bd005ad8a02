import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ApiDocs } from "@/components/api-docs/api-docs";
import { PageHeader } from "@/components/ui/card";
import { getActor } from "@/lib/auth/session";
import { API_DESCRIPTION } from "@/lib/http/openapi";
import { openApiDocument } from "@/app/api/v1/registry";

export const metadata: Metadata = { title: "API documentation" };
export const dynamic = "force-dynamic";

export default async function ApiDocsPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  const doc = openApiDocument(`${proto}://${host}`);
  return (
    <>
      <PageHeader
        title="API documentation"
        description={
          <>
            {API_DESCRIPTION} The machine-readable document is at{" "}
            <a href="/api/v1/openapi.json" className="text-accent underline">
              /api/v1/openapi.json
            </a>
            . Create a token on the <Link href="/settings/tokens" className="text-accent underline">access tokens</Link> page.
          </>
        }
      />
      <ApiDocs doc={doc} />
    </>
  );
}
