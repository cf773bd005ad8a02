import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { hashPassword } from "@/lib/auth/password";
import type { TActor } from "@/lib/auth/permissions";
import { createIncidentRecord, type TCreateIncidentData } from "@/lib/incidents/incidents";

export const DEMO_PASSWORD = "demo-review-2026";
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.test", name: "Ada Admin", role: "ADMIN" },
  { email: "commander@demo.test", name: "Casey Commander", role: "COMMANDER" },
  { email: "viewer@demo.test", name: "Vic Viewer", role: "VIEWER" },
] as const;

/** The runbook's example incident note (§1), as the demo incident INC-2026-0001. */
export const DEMO_INCIDENT: TCreateIncidentData = {
  title: "Elevated timeout rate on the production assistant chat-completions path",
  severity: "SEV2",
  status: "RESOLVED",
  degradationStartedAt: new Date("2026-05-08T09:12:00Z"),
  detectedAt: new Date("2026-05-08T09:18:00Z"),
  detectionSource: "ALERT",
  mitigatedAt: new Date("2026-05-08T09:41:00Z"),
  endedAt: new Date("2026-05-08T10:55:00Z"),
  affectedRoutes: ["/v1/chat/completions"],
  affectedServices: ["assistant-api"],
  affectedTenants: [],
  affectedRegions: ["eu-west"],
  affectedFeatures: ["production assistant flow"],
  primaryModelAlias: "assistant-default",
  primaryModelResolvedId: "gpt-4.1-2025-04-14",
  fallbackModelAlias: "assistant-fallback",
  fallbackModelResolvedId: "gpt-4.1-mini-2025-04-14",
  fallbackMode: "MANUAL",
  primarySymptom: "elevated timeout rate",
  fallbackAction: "secondary model enabled for 25% of eligible requests",
  rollbackCondition: "fallback error rate exceeds primary error rate for two consecutive observation windows",
  currentStatusNote: "Affected path: chat-completions generation endpoint in production assistant flow",
  baselineTimeoutRate: 0.01,
  baselineErrorRate: 0.02,
  observationWindowMinutes: 5,
  userFacingTimeoutBudgetMs: 10_000,
};

export type TSeedResult = { seeded: boolean; incidentKey?: string };

/** Seeds the demo once: does nothing when any user exists. */
export async function seedDemo(): Promise<TSeedResult> {
  const prisma = getPrisma();
  if ((await prisma.user.count()) > 0) return { seeded: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({ data: { name: "Assistant platform" } });
    const users: Record<string, TActor> = {};
    for (const account of DEMO_ACCOUNTS) {
      const u = await tx.user.create({ data: { ...account, passwordHash, teamId: team.id } });
      users[account.role] = { id: u.id, email: u.email, name: u.name, role: u.role };
    }
    const commander = users.COMMANDER!;
    const { id, key } = await createIncidentRecord(
      commander,
      { ...DEMO_INCIDENT, teamId: team.id },
      tx,
    );
    await tx.timelineEvent.createMany({
      data: [
        { incidentId: id, occurredAt: new Date("2026-05-08T09:18:00Z"), kind: "ALERT", description: "Timeout-rate alert fired on the assistant chat-completions route.", authorId: commander.id },
        { incidentId: id, occurredAt: new Date("2026-05-08T09:41:00Z"), kind: "FALLBACK_CHANGE", description: "Secondary model enabled for 25% of eligible requests.", trafficPercent: 25, authorId: commander.id },
      ],
    });
    return { seeded: true, incidentKey: key };
  });
}
