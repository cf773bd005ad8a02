import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { Badge, severityTone } from "@/components/ui/card";
import { NavLink } from "@/components/shell/nav-link";
import { getActor } from "@/lib/auth/session";
import { getIncidentByKey } from "@/lib/incidents/incidents";
import { REVIEW_SECTIONS } from "@/lib/incidents/sections";
import { NotFoundError } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export default async function IncidentLayout({ children, params }: { children: ReactNode; params: Promise<{ key: string }> }) {
  const { key } = await params;
  const actor = await getActor();
  if (!actor) redirect("/signin");
  const incident = await getIncidentByKey(actor, key).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return (
    <div className="flex flex-col gap-4">
      <div>
        <p className="font-mono text-sm text-muted">{incident.key}</p>
        <h1 className="text-xl font-semibold break-words">{incident.title}</h1>
        <div className="mt-2 flex flex-wrap gap-2">
          <Badge tone={severityTone(incident.severity)}>{incident.severity}</Badge>
          <Badge>{incident.status.toLowerCase()}</Badge>
          <Badge tone="accent">Runbook {incident.runbookVersion}</Badge>
        </div>
      </div>
      <nav aria-label="Review sections" className="no-print -mx-1 flex gap-1 overflow-x-auto border-b border-border pb-2 text-sm">
        {REVIEW_SECTIONS.map((s) => (
          <NavLink key={s.slug} href={`/incidents/${incident.key}${s.slug ? `/${s.slug}` : ""}`} exact prefetch={false}>
            {s.label}
          </NavLink>
        ))}
      </nav>
      <div>{children}</div>
    </div>
  );
}
