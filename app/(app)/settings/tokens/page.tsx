import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { TokensView } from "@/components/tokens/tokens-view";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listActiveTokensOfEveryone, listOwnTokens } from "@/lib/tokens/tokens";

export const metadata: Metadata = { title: "Access tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const [tokens, everyone] = await Promise.all([
    listOwnTokens(actor),
    can(actor, "users:manage") ? listActiveTokensOfEveryone(actor) : Promise.resolve(undefined),
  ]);
  return (
    <>
      <PageHeader
        title="Personal access tokens"
        description={
          <>
            Tokens let scripts call the <Link href="/api-docs" className="text-accent underline">JSON API</Link> as you. Send one as{" "}
            <code className="font-mono text-xs">Authorization: Bearer irt_…</code>.
          </>
        }
      />
      <TokensView tokens={tokens} everyone={everyone} />
    </>
  );
}
