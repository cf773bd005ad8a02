import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ArtifactsView } from "@/components/artifacts/artifacts-view";
import { getArtifactsOverview } from "@/lib/artifacts/artifacts";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Artifacts" };
export const dynamic = "force-dynamic";

export default async function ArtifactsPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const overview = await getArtifactsOverview(actor, key);
  return <ArtifactsView overview={overview} canEdit={can(actor, "incident:write")} />;
}
