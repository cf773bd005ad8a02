// Run by e2e helpers in a subprocess (tsx --conditions=react-server) so tests
// seed their own data through lib/, exactly as the app writes it.
import { disconnectPrisma, getPrisma } from "../../lib/db/prisma";
import { seedDemo } from "../../lib/seed/demo";
import { hashPassword } from "../../lib/auth/password";

const [command, arg] = process.argv.slice(2);
const input = arg ? (JSON.parse(arg) as Record<string, unknown>) : {};

async function main(): Promise<unknown> {
  const prisma = getPrisma();
  switch (command) {
    case "demo":
      return seedDemo();
    case "user": {
      const passwordHash = await hashPassword(String(input.password));
      const user = await prisma.user.upsert({
        where: { email: String(input.email) },
        create: { email: String(input.email), name: String(input.name ?? input.email), role: input.role as "VIEWER", passwordHash },
        update: { role: input.role as "VIEWER", passwordHash, disabledAt: null },
      });
      return { id: user.id };
    }
    case "incident-count":
      return { count: await prisma.incident.count({ where: input.title ? { title: String(input.title) } : {} }) };
    case "incident": {
      // A fresh incident for one test: { title?, commanderEmail?, severity?, degradationStartedAt?, fallbackMode? } → { id, key }.
      const commander = await prisma.user.findUniqueOrThrow({ where: { email: String(input.commanderEmail ?? "commander@demo.test") } });
      const { createIncidentRecord } = await import("../../lib/incidents/incidents");
      return createIncidentRecord(
        { id: commander.id, email: commander.email, name: commander.name, role: commander.role },
        {
          title: String(input.title ?? `E2E incident ${Date.now()}`),
          severity: (input.severity as "SEV2" | undefined) ?? "SEV2",
          degradationStartedAt: new Date(String(input.degradationStartedAt ?? "2026-05-08T09:12:00Z")),
          ...(input.fallbackMode ? { fallbackMode: input.fallbackMode as "MANUAL" } : {}),
        },
      );
    }
    case "fallback-approval": {
      // A manual-fallback approval written directly (e.g. one that has already expired):
      // { incidentKey, approverEmail?, changeTicket, approvedAt, expiresAt, note? } → { id }.
      const incident = await prisma.incident.findUniqueOrThrow({ where: { key: String(input.incidentKey) } });
      const approver = await prisma.user.findUniqueOrThrow({ where: { email: String(input.approverEmail ?? "commander@demo.test") } });
      const approval = await prisma.fallbackApproval.create({
        data: {
          incidentId: incident.id,
          approverId: approver.id,
          changeTicket: String(input.changeTicket),
          approvedAt: new Date(String(input.approvedAt)),
          expiresAt: new Date(String(input.expiresAt)),
          note: input.note ? String(input.note) : null,
        },
      });
      return { id: approval.id };
    }
    case "answers": {
      // Review answers saved through lib/ as `editorEmail` (the demo commander by default):
      // { incidentKey, answers: { [questionId]: body }, editorEmail? } → { saved }.
      const { saveAnswer } = await import("../../lib/review/answers");
      const incident = await prisma.incident.findUniqueOrThrow({ where: { key: String(input.incidentKey) } });
      const editor = await prisma.user.findUniqueOrThrow({ where: { email: String(input.editorEmail ?? "commander@demo.test") } });
      const actor = { id: editor.id, email: editor.email, name: editor.name, role: editor.role };
      let saved = 0;
      for (const [questionId, body] of Object.entries((input.answers ?? {}) as Record<string, string>)) {
        const current = await prisma.questionAnswer.findUnique({ where: { incidentId_questionId: { incidentId: incident.id, questionId } } });
        await saveAnswer(actor, { incidentId: incident.id, questionId, body, version: current?.version ?? 0 });
        saved += 1;
      }
      return { saved };
    }
    case "attachment-count": {
      // Files stored for an incident and their history rows: { key } → { count, audit }.
      const incident = await prisma.incident.findUniqueOrThrow({ where: { key: String(input.key) } });
      return {
        count: await prisma.attachment.count({ where: { incidentId: incident.id } }),
        audit: await prisma.auditLog.count({ where: { incidentId: incident.id, entityType: "Attachment" } }),
      };
    }
    case "settings": {
      // Installation settings written through lib/ as the demo admin: { allowedOutboundHosts: string[] } → { allowedOutboundHosts }.
      const { getOutboundSettings, saveAllowedOutboundHosts } = await import("../../lib/smoke/settings");
      const { ZSaveAllowedHosts } = await import("../../lib/smoke/hosts");
      const admin = await prisma.user.findUniqueOrThrow({ where: { email: String(input.adminEmail ?? "admin@demo.test") } });
      const actor = { id: admin.id, email: admin.email, name: admin.name, role: admin.role };
      const { allowedOutboundHosts } = await getOutboundSettings(actor);
      const hosts = ((input.allowedOutboundHosts ?? []) as string[]).join("\n");
      return saveAllowedOutboundHosts(actor, ZSaveAllowedHosts.parse({ hosts, basedOn: allowedOutboundHosts }));
    }
    case "import-logs": {
      // Request logs imported through lib/ as the incident's commander (generated fixture rows):
      // { incidentKey, format?, count?, seed?, startMs?, stepMs? } → { importId, accepted }.
      process.env.LOG_LEVEL ??= "silent";
      const { importLogStream } = await import("../../lib/imports/import");
      const { fixtureByteStream } = await import("../../lib/logs/testing/fixtures");
      const incident = await prisma.incident.findUniqueOrThrow({ where: { key: String(input.incidentKey) }, include: { commander: true } });
      const user = incident.commander ?? (await prisma.user.findUniqueOrThrow({ where: { email: "commander@demo.test" } }));
      const format = (input.format as "jsonl" | undefined) ?? "jsonl";
      const result = await importLogStream(
        { id: user.id, email: user.email, name: user.name, role: user.role },
        {
          incidentId: incident.id,
          fileName: `seeded.${format}`,
          format,
          skipInvalid: false,
          source: fixtureByteStream(format, {
            count: Number(input.count ?? 500),
            seed: Number(input.seed ?? 1),
            startMs: Number(input.startMs ?? Date.UTC(2026, 4, 8, 9, 0, 0)),
            stepMs: Number(input.stepMs ?? 500),
          }),
        },
      );
      return { importId: result.importId, accepted: result.accepted };
    }
    case "manager-incidents": {
      // Bulk incidents for the manager views, each with failure classes, review answers and follow-ups:
      // { commanderEmail?, incidents: [{ title, severity, status?, startedDaysAgo, durationMinutes? (none = ongoing),
      //   detectedAfterMinutes?, mitigatedAfterMinutes?, primaryModelAlias?, fallbackMode?, services?,
      //   classes?: [failureClass, "PRIMARY" | "SECONDARY"][], answers?: { [questionId]: body },
      //   followUps?: [{ title, dueInDays, status?, ownerEmail?, ownerExternalName? }] }] } → { keys }.
      type TSeedIncident = {
        title: string;
        severity: "SEV1" | "SEV2" | "SEV3" | "SEV4";
        status?: "INVESTIGATING" | "MITIGATING" | "MONITORING" | "RESOLVED" | "CLOSED";
        startedDaysAgo: number;
        durationMinutes?: number;
        detectedAfterMinutes?: number;
        mitigatedAfterMinutes?: number;
        primaryModelAlias?: string;
        fallbackMode?: "AUTOMATIC" | "MANUAL" | "NOT_TRIGGERED";
        services?: string[];
        classes?: [string, "PRIMARY" | "SECONDARY"][];
        answers?: Record<string, string>;
        followUps?: { title: string; dueInDays: number; status?: "OPEN" | "IN_PROGRESS" | "DONE" | "WONT_DO"; ownerEmail?: string; ownerExternalName?: string }[];
      };
      const { createIncidentRecord } = await import("../../lib/incidents/incidents");
      const { RUNBOOK_VERSION } = await import("../../lib/runbook/runbook");
      const commander = await prisma.user.findUniqueOrThrow({ where: { email: String(input.commanderEmail ?? "commander@demo.test") } });
      const actor = { id: commander.id, email: commander.email, name: commander.name, role: commander.role };
      const minutes = (start: Date, m: number | undefined) => (m === undefined ? null : new Date(start.getTime() + m * 60_000));
      const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      const keys: string[] = [];
      for (const spec of (input.incidents ?? []) as TSeedIncident[]) {
        const start = new Date(Date.now() - spec.startedDaysAgo * 86_400_000);
        const { id, key } = await createIncidentRecord(actor, {
          title: spec.title,
          severity: spec.severity,
          status: spec.status ?? (spec.durationMinutes === undefined ? "MITIGATING" : "RESOLVED"),
          degradationStartedAt: start,
          detectedAt: minutes(start, spec.detectedAfterMinutes),
          mitigatedAt: minutes(start, spec.mitigatedAfterMinutes),
          endedAt: minutes(start, spec.durationMinutes),
          primaryModelAlias: spec.primaryModelAlias ?? null,
          fallbackMode: spec.fallbackMode ?? "NOT_TRIGGERED",
          affectedServices: spec.services ?? [],
        });
        await prisma.incidentFailureClass.createMany({
          data: (spec.classes ?? []).map(([failureClass, role]) => ({ incidentId: id, failureClass: failureClass as "TIMEOUT", role })),
        });
        await prisma.questionAnswer.createMany({
          data: Object.entries(spec.answers ?? {}).map(([questionId, body]) => ({ incidentId: id, questionId, body, runbookVersion: RUNBOOK_VERSION })),
        });
        await (await import("../../lib/analytics/search-document")).refreshIncidentSearchDocument(prisma, id); // answers written directly
        for (const f of spec.followUps ?? []) {
          const owner = f.ownerEmail ? await prisma.user.findUniqueOrThrow({ where: { email: f.ownerEmail } }) : null;
          await prisma.followUp.create({
            data: {
              incidentId: id,
              title: f.title,
              ownerUserId: owner?.id ?? null,
              ownerExternalName: owner ? null : (f.ownerExternalName ?? "SRE on call"),
              dueDate: new Date(`${day(f.dueInDays)}T00:00:00Z`),
              status: f.status ?? "OPEN",
              completedAt: f.status === "DONE" ? new Date() : null,
            },
          });
        }
        keys.push(key);
      }
      return { keys };
    }
    case "export-review": {
      // A fully filled review (every table the export reads), ready to export: { commanderEmail?, adminEmail? } → { key }.
      const { seedFullReview, uniqueIncidentKey } = await import("../../lib/export/testing/seed");
      const commander = await prisma.user.findUniqueOrThrow({ where: { email: String(input.commanderEmail ?? "commander@demo.test") } });
      const admin = await prisma.user.findUniqueOrThrow({ where: { email: String(input.adminEmail ?? "admin@demo.test") } });
      return seedFullReview({ key: uniqueIncidentKey(), commanderId: commander.id, adminId: admin.id });
    }
    case "api-token": {
      // A personal access token created through lib/tokens for `email`: { email?, scope?, name? } → { token }.
      const { createToken } = await import("../../lib/tokens/tokens");
      const { ZCreateToken } = await import("../../lib/tokens/schemas");
      const user = await prisma.user.findUniqueOrThrow({ where: { email: String(input.email ?? "commander@demo.test") } });
      const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
      const data = ZCreateToken.parse({ name: String(input.name ?? `e2e ${Date.now()}`), scope: input.scope ?? "READ_WRITE", expiresInDays: "30" });
      const { token } = await createToken(actor, data);
      return { token };
    }
    case "upload-limits": {
      // Sets the installation's upload/import size limits (bytes) and returns the previous ones:
      // { maxUploadBytes?, maxImportBytes? } → { maxUploadBytes, maxImportBytes }.
      const { loadImportSettings } = await import("../../lib/imports/settings");
      await loadImportSettings(); // creates the settings row when missing
      const before = await prisma.installationSetting.findUniqueOrThrow({ where: { id: 1 }, select: { maxUploadBytes: true, maxImportBytes: true } });
      await prisma.installationSetting.update({
        where: { id: 1 },
        data: {
          ...(input.maxUploadBytes !== undefined ? { maxUploadBytes: Number(input.maxUploadBytes) } : {}),
          ...(input.maxImportBytes !== undefined ? { maxImportBytes: BigInt(Number(input.maxImportBytes)) } : {}),
        },
      });
      return { maxUploadBytes: before.maxUploadBytes, maxImportBytes: Number(before.maxImportBytes) };
    }
    case "sql":
      return prisma.$queryRawUnsafe(String(input.query));
    default:
      throw new Error(`unknown command ${command}`);
  }
}

main()
  .then(async (result) => {
    process.stdout.write(JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
    await disconnectPrisma();
  })
  .catch(async (error) => {
    console.error(error);
    await disconnectPrisma();
    process.exit(1);
  });
