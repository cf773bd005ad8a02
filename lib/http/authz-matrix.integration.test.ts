// The authorization matrix (issue #8): every server action and route handler,
// collected from the code, × anonymous, a disabled user, VIEWER, COMMANDER,
// ADMIN, a READ token and a READ_WRITE token (both owned by a COMMANDER).
// Expected outcomes come from this file's own table, not from can(). Denied →
// 401/403 and nothing in the database changed; allowed → not 401/403 (and no
// 5xx). Only the session cookie's decryption (cookie → { uid, sv }), Auth.js's
// module and what Next's runtime provides outside a server (revalidatePath,
// headers()) are mocked:
// getActor, loadActiveActor, the wrappers and lib/ run for real.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TActor, TRole } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import type { TActionResult } from "@/lib/http/errors";
import { makeActor } from "@/lib/testing/integration";
import {
  ACTION_FIXTURES,
  HAND_WRITTEN_ROUTES,
  pngUploadForm,
  ROUTE_FIXTURES,
  UNWRAPPED_ACTIONS,
  UNWRAPPED_ROUTES,
  type TAuthzContext,
  type TRouteFixture,
} from "@/lib/testing/authz-fixtures";

const runtime = vi.hoisted(() => ({
  session: null as { uid?: string; sv?: number } | null,
  headers: new Headers(),
}));

vi.mock("@/lib/auth/auth", () => ({
  auth: async () => runtime.session,
  handlers: {
    GET: async () => new Response(null, { status: 404 }),
    POST: async () => new Response(null, { status: 404 }),
  },
  signIn: async () => {
    throw new Error("signIn is not called by the matrix");
  },
  signOut: async () => undefined,
  oidcProviderConfigured: () => false,
  oidcProviderName: () => "Single sign-on",
}));
vi.mock("@/lib/auth/session-cookie", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  readSessionClaims: async () => runtime.session,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  headers: async () => runtime.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));

const { ACTION_REGISTRY } = await import("@/lib/http/action");
const { ROUTE_REGISTRY } = await import("@/lib/http/route");

// ─── Collected from the code ──────────────────────────────────────────────

const ROOT = process.cwd();
const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

function sourceFiles(dir: string): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")))
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f) && !f.startsWith("lib/generated/"));
}

const ALL_SOURCES = [...sourceFiles("lib"), ...sourceFiles("app"), ...sourceFiles("components")].filter((f) => f !== "lib/http/action.ts");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** Files that define server actions: a "use server" directive or a wrapper call. */
const ACTION_FILES = ALL_SOURCES.filter((f) => {
  const text = read(f);
  return /^\s*["']use server["']/.test(text) || /define(Public)?Action\s*(<[^(]*>)?\(/.test(text);
});
const ROUTE_FILES = sourceFiles("app/api").filter((f) => path.posix.basename(f) === "route.ts");

const STATIC_ACTION_NAMES = new Set(
  ACTION_FILES.flatMap((f) => [...read(f).matchAll(/define(?:Public)?Action\s*(?:<[^(]*>)?\(\s*\{\s*name:\s*"([^"]+)"/g)].map((m) => m[1]!)),
);

/** name → file, from the wrapper calls (`name: "…"` first) and hand registrations (`ROUTE_REGISTRY.set(NAME…`). */
function staticRouteNames(file: string): string[] {
  const text = read(file);
  const wrapped = [...text.matchAll(/define(?:Api)?Route\s*(?:<[^(]*>)?\(\s*\{\s*name:\s*"([^"]+)"/g)].map((m) => m[1]!);
  const byHand = [...text.matchAll(/ROUTE_REGISTRY\.set\(\s*(?:"([^"]+)"|(\w+))/g)].map((m) => {
    if (m[1]) return m[1];
    return new RegExp(`const\\s+${m[2]}\\s*=\\s*"([^"]+)"`).exec(text)?.[1] ?? `<unresolved ${m[2]}>`;
  });
  const imported = [...text.matchAll(/export\s+const\s+[A-Z]+\s*=\s*(\w+)\s*;/g)].map((m) => importedWrappedName(file, m[1]!)).filter((n): n is string => n !== null);
  return [...wrapped, ...byHand, ...imported];
}

/** For `export const GET = someRoute` with someRoute imported: the route name if that module defines it with a wrapper. */
function importedWrappedName(file: string, identifier: string): string | null {
  const text = read(file);
  const imp = new RegExp(`import\\s*\\{[^}]*\\b${identifier}\\b[^}]*\\}\\s*from\\s*"([^"]+)"`).exec(text);
  if (!imp) return null;
  const spec = imp[1]!;
  const base = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.posix.join(path.posix.dirname(file), spec) : null;
  if (!base) return null;
  const target = [`${base}.ts`, `${base}/index.ts`].find((f) => ALL_SOURCES.includes(f));
  if (!target) return null;
  const m = new RegExp(`export\\s+const\\s+${identifier}\\s*=\\s*define(?:Api)?Route\\s*(?:<[^(]*>)?\\(\\s*\\{\\s*name:\\s*"([^"]+)"`).exec(read(target));
  return m ? m[1]! : null;
}

type TExportedMethod = { file: string; method: string; wrapped: boolean };
function exportedMethods(file: string): TExportedMethod[] {
  const text = read(file);
  const out: TExportedMethod[] = [];
  for (const m of text.matchAll(/export\s+const\s+([A-Z]+)\s*=\s*([\w.]+)/g)) {
    if ((HTTP_METHODS as readonly string[]).includes(m[1]!)) {
      out.push({ file, method: m[1]!, wrapped: /^define(Api)?Route$/.test(m[2]!) || importedWrappedName(file, m[2]!) !== null });
    }
  }
  for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(/g)) {
    if ((HTTP_METHODS as readonly string[]).includes(m[1]!)) out.push({ file, method: m[1]!, wrapped: false });
  }
  for (const m of text.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const name of m[1]!.split(",").map((s) => s.trim().split(/\s*:\s*/).pop()!)) {
      if ((HTTP_METHODS as readonly string[]).includes(name)) out.push({ file, method: name, wrapped: false });
    }
  }
  return out;
}

// ─── Credentials and the expected outcome (this test's own table) ─────────

type TCredential = "anonymous" | "disabled" | "VIEWER" | "COMMANDER" | "ADMIN" | "readToken" | "writeToken";
const CREDENTIALS: readonly TCredential[] = ["anonymous", "disabled", "VIEWER", "COMMANDER", "ADMIN", "readToken", "writeToken"];

const ROLES_ALLOWED: Record<string, readonly TRole[]> = {
  "incident:read": ["VIEWER", "COMMANDER", "ADMIN"],
  "incident:write": ["COMMANDER", "ADMIN"],
  "users:manage": ["ADMIN"],
  "settings:manage": ["ADMIN"],
  "tokens:own": ["VIEWER", "COMMANDER", "ADMIN"],
};
const WRITE_PERMISSIONS = new Set(["incident:write", "users:manage", "settings:manage"]);
/** Both tokens belong to a commander: they carry its role and never more. */
const TOKEN_OWNER_ROLE: TRole = "COMMANDER";

type TExpected = { allowed: true } | { allowed: false; status: readonly number[] };

function expected(permission: string, credential: TCredential, surface: "action" | TRouteFixture): TExpected {
  if (permission === "public") return { allowed: true };
  const unauthenticated = { allowed: false, status: [401] } as const;
  const forbidden = { allowed: false, status: [403] } as const;
  if (credential === "anonymous" || credential === "disabled") return unauthenticated;
  if (credential === "readToken" || credential === "writeToken") {
    // Server actions never read tokens, and only the /api/v1 wrapper does: elsewhere a token alone is anonymous.
    if (surface === "action" || !surface.acceptsTokens) return unauthenticated;
    if (permission === "tokens:own") return forbidden; // tokens cannot manage tokens
    if (credential === "readToken" && WRITE_PERMISSIONS.has(permission)) return forbidden;
    return ROLES_ALLOWED[permission]!.includes(TOKEN_OWNER_ROLE) ? { allowed: true } : forbidden;
  }
  // A cookie write through /api/v1 is refused whatever the role: the API writes with tokens only.
  if (surface !== "action" && !surface.cookieWrites && WRITE_PERMISSIONS.has(permission)) return { allowed: false, status: [401, 403] };
  return ROLES_ALLOWED[permission]!.includes(credential) ? { allowed: true } : forbidden;
}

// ─── The database, before and after ───────────────────────────────────────

let snapshotSql = "";
async function buildSnapshotSql() {
  const tables = await getPrisma().$queryRawUnsafe<{ table_name: string; has_updated: boolean }[]>(
    `SELECT t.table_name::text AS table_name, EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'updatedAt') AS has_updated
       FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name NOT LIKE '\\_prisma%' ORDER BY 1`,
  );
  snapshotSql = tables
    .map(
      (t) =>
        `SELECT '${t.table_name}' AS name, count(*)::text AS rows, ${t.has_updated ? `max("updatedAt")::text` : "NULL::text"} AS updated FROM "${t.table_name}"`,
    )
    .join(" UNION ALL ");
}
/** Row counts and latest updatedAt of every table: any write shows. */
async function snapshot(): Promise<Record<string, string>> {
  const rows = await getPrisma().$queryRawUnsafe<{ name: string; rows: string; updated: string | null }[]>(snapshotSql);
  return Object.fromEntries(rows.map((r) => [r.name, `${r.rows}@${r.updated ?? "-"}`]));
}

// ─── Callers ───────────────────────────────────────────────────────────────

type TCaller = { session: { uid: string; sv: number } | null; bearer: string | null };
const callers = {} as Record<TCredential, TCaller>;
let ctx: TAuthzContext;

async function sessionOf(actor: TActor) {
  const user = await getPrisma().user.findUniqueOrThrow({ where: { id: actor.id } });
  return { uid: user.id, sv: user.sessionVersion };
}

async function makeToken(owner: TActor, scope: "READ" | "READ_WRITE"): Promise<{ id: string; token: string }> {
  // The same format lib/tokens issues: irt_<8 hex>_<43 base64url>, stored as sha256.
  const { generateToken } = await import("@/lib/tokens/format");
  const t = generateToken();
  const row = await getPrisma().apiToken.create({
    data: { userId: owner.id, name: `authz ${scope}`, tokenHash: t.hash, prefix: t.prefix, scope, expiresAt: new Date(Date.now() + 7 * 86_400_000) },
  });
  return { id: row.id, token: t.token };
}

function actAs(caller: TCaller) {
  runtime.session = caller.session;
  runtime.headers = new Headers(caller.bearer ? { authorization: `Bearer ${caller.bearer}` } : {});
}

async function callAction(name: string, caller: TCaller): Promise<{ status: number; detail: string }> {
  actAs(caller);
  const fn = actionsByName.get(name)!;
  const result = (await fn(ACTION_FIXTURES[name]!.input(ctx))) as TActionResult<unknown>;
  if (result.ok) return { status: 200, detail: "ok" };
  return { status: result.status, detail: `${result.error}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}` };
}

async function callRoute(name: string, caller: TCaller): Promise<{ status: number; detail: string }> {
  actAs(caller);
  const fixture = ROUTE_FIXTURES[name]!;
  const handler = routeHandlers.get(name)!;
  const headers = new Headers(fixture.headers ?? {});
  if (caller.bearer) headers.set("authorization", `Bearer ${caller.bearer}`);
  const request = new Request(`http://localhost${fixture.url(ctx)}`, {
    method: fixture.method,
    headers,
    body: fixture.body?.(ctx),
    ...(fixture.body ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await handler(request, { params: Promise.resolve(fixture.params(ctx)) });
  // Read to the end: a streamed import runs while its response is read (cancelling would abort it).
  const text = await response.text();
  return { status: response.status, detail: response.status >= 400 ? text.slice(0, 300) : "" };
}

type THandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const actionsByName = new Map<string, (raw: unknown) => Promise<unknown>>();
const routeHandlers = new Map<string, THandler>();

beforeAll(async () => {
  // Import every action and route module: the wrappers fill the registries.
  // (Files with no wrapper call hold only the UNWRAPPED_ACTIONS, checked from their text.)
  for (const file of ACTION_FILES.filter((f) => /define(Public)?Action\s*(<[^(]*>)?\(/.test(read(f)))) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      const text = read(file);
      const m = new RegExp(`export\\s+const\\s+${exportName}\\s*=\\s*define(?:Public)?Action\\s*(?:<[^(]*>)?\\(\\s*\\{\\s*name:\\s*"([^"]+)"`).exec(text);
      if (m) actionsByName.set(m[1]!, value as (raw: unknown) => Promise<unknown>);
    }
  }
  for (const file of ROUTE_FILES) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, fixture] of Object.entries(ROUTE_FIXTURES)) {
      if (fixture.file === file && typeof mod[fixture.method] === "function") routeHandlers.set(name, mod[fixture.method] as THandler);
    }
  }

  const suffix = randomUUID().slice(0, 8);
  const commander = await makeActor("COMMANDER");
  const viewer = await makeActor("VIEWER");
  const admin = await makeActor("ADMIN");
  const disabled = await makeActor("COMMANDER");
  await getPrisma().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  const target = await makeActor("VIEWER");

  // The rows the actions act on, created through lib/ as the incident's commander.
  const { createIncident } = await import("@/lib/incidents/incidents");
  const incident = await createIncident(commander, { title: `Authz matrix ${suffix}`, severity: "SEV4", degradationStartedAt: new Date("2026-05-08T09:12:00Z") });
  const { createTimelineEvent } = await import("@/lib/timeline/timeline");
  const { ZTimelineEvent } = await import("@/lib/timeline/schemas");
  const event = await createTimelineEvent(
    commander,
    ZTimelineEvent.parse({ incidentId: incident.id, kind: "NOTE", occurredAtLocal: "2026-05-08T09:20", timeZone: "UTC", description: "Seed note" }),
  );
  const { createFollowUp } = await import("@/lib/followups/followups");
  const { ZCreateFollowUp } = await import("@/lib/followups/schemas");
  const followUp = await createFollowUp(
    commander,
    ZCreateFollowUp.parse({
      incidentKey: incident.key,
      followUp: { title: "Seed follow-up", ownerUserId: "", ownerExternalName: "Ops", dueDate: "2026-06-01", status: "OPEN", ticketUrl: "", source: "" },
    }),
  );
  const { addArtifactLink } = await import("@/lib/artifacts/artifacts");
  const link = await addArtifactLink(commander, {
    incidentKey: incident.key,
    link: { artifactKind: "GRAPHS", kind: "DASHBOARD", url: "https://grafana.example/d/seed", label: "Seed" },
  });
  const { addRolloutStep, addObservationWindow } = await import("@/lib/rollout/rollout");
  const { ZRolloutStep, ZObservationWindow } = await import("@/lib/rollout/schemas");
  const step = await addRolloutStep(
    commander,
    ZRolloutStep.parse({ incidentKey: incident.key, timeZone: "UTC", occurredAtLocal: "2026-05-08T09:40", trafficPercent: "5", scope: "seed", approverName: "", note: "" }),
  );
  const window = await addObservationWindow(
    commander,
    ZObservationWindow.parse({
      incidentKey: incident.key,
      timeZone: "UTC",
      path: "PRIMARY",
      startLocal: "2026-05-08T09:00",
      endLocal: "2026-05-08T09:10",
      requests: "10",
      errors: "0",
      timeouts: "0",
      validationFailures: "0",
      p95LatencyMs: "",
      activeClassErrors: "",
    }),
  );
  const { recordFallbackApproval } = await import("@/lib/patterns/patterns");
  const approval = (await recordFallbackApproval(commander, {
    incidentId: incident.id,
    changeTicket: "CHG-SEED",
    expiresAt: new Date(Date.now() + 86_400_000),
    note: null,
  })) as { id?: string };
  const { createInvitation } = await import("@/lib/users/users");
  const invitation = await createInvitation(admin, { email: `authz-invite-${suffix}@it.test`, role: "VIEWER" });
  const ownToken = await makeToken(commander, "READ");

  const current = await getPrisma().incident.findUniqueOrThrow({ where: { id: incident.id } });
  ctx = {
    incident: { id: incident.id, key: incident.key, version: current.version },
    targetUser: { id: target.id },
    timelineEvent: { id: event.id, version: 1 },
    followUp: { id: followUp.id, version: 1 },
    artifactLinkId: link.id,
    attachmentId: "",
    downloadAttachmentId: "",
    rolloutStepId: step.id,
    observationWindowId: window.id,
    approvalId: approval.id ?? "authz-no-approval",
    invitationToken: invitation.token,
    ownTokenId: ownToken.id,
    suffix,
  };

  callers.anonymous = { session: null, bearer: null };
  callers.disabled = { session: await sessionOf(disabled), bearer: null };
  callers.VIEWER = { session: await sessionOf(viewer), bearer: null };
  callers.COMMANDER = { session: await sessionOf(commander), bearer: null };
  callers.ADMIN = { session: await sessionOf(admin), bearer: null };
  callers.readToken = { session: null, bearer: (await makeToken(commander, "READ")).token };
  callers.writeToken = { session: null, bearer: (await makeToken(commander, "READ_WRITE")).token };

  // Attachments to delete and to download, uploaded through the route as the commander.
  const upload = routeHandlers.get("attachments.upload");
  if (upload) {
    actAs(callers.COMMANDER);
    const uploadOne = async () => {
      const res = await upload(new Request(`http://localhost/api/incidents/${incident.key}/attachments`, { method: "POST", body: pngUploadForm() }), {
        params: Promise.resolve({ key: incident.key }),
      });
      return ((await res.json()) as { data: { id: string } }).data.id;
    };
    ctx.attachmentId = await uploadOne();
    ctx.downloadAttachmentId = await uploadOne();
  }
  await buildSnapshotSql();
});

afterAll(() => {
  runtime.session = null;
});

// ─── The tests ─────────────────────────────────────────────────────────────

describe("the matrix covers every action and route in the code", () => {
  it("every registered action has a fixture entry, and every entry a registered action", () => {
    const registered = [...ACTION_REGISTRY.keys()].sort();
    expect(registered.length).toBeGreaterThan(40);
    const missing = registered.filter((n) => !(n in ACTION_FIXTURES));
    const stale = Object.keys(ACTION_FIXTURES).filter((n) => !ACTION_REGISTRY.has(n));
    expect(missing, `actions without an entry in lib/testing/authz-fixtures.ts: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `entries in lib/testing/authz-fixtures.ts for actions that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  it("the source text names the same actions as the registry, and each is exported", () => {
    expect([...STATIC_ACTION_NAMES].sort()).toEqual([...ACTION_REGISTRY.keys()].sort());
    const notExported = [...ACTION_REGISTRY.keys()].filter((n) => !actionsByName.has(n));
    expect(notExported, "actions defined but not exported as `export const x = defineAction({ name, … })`").toEqual([]);
  });

  it("every export of a \"use server\" file is a wrapped action or a listed exception", () => {
    const offenders: string[] = [];
    for (const file of ACTION_FILES) {
      const text = read(file);
      if (!/^\s*["']use server["']/.test(text)) continue;
      for (const m of text.matchAll(/export\s+const\s+(\w+)\s*=\s*([\w]+)/g)) {
        if (!/^define(Public)?Action$/.test(m[2]!)) offenders.push(`${file}#${m[1]}`);
      }
      for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)) {
        if (!(`${file}#${m[1]}` in UNWRAPPED_ACTIONS)) offenders.push(`${file}#${m[1]}`);
      }
    }
    expect(offenders, "server actions not built with defineAction/definePublicAction and not listed in UNWRAPPED_ACTIONS").toEqual([]);
    for (const key of Object.keys(UNWRAPPED_ACTIONS)) {
      const [file, name] = key.split("#") as [string, string];
      expect(read(file), `stale UNWRAPPED_ACTIONS entry ${key}`).toMatch(new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b`));
    }
  });

  it("every exported HTTP method of every route.ts is a wrapped (registered) handler or a listed exception", () => {
    const methods = ROUTE_FILES.flatMap(exportedMethods);
    expect(methods.length).toBeGreaterThan(5);
    const unwrapped = methods.filter((m) => !m.wrapped && !(m.file in UNWRAPPED_ROUTES) && !(m.file in HAND_WRITTEN_ROUTES));
    expect(unwrapped.map((m) => `${m.method} ${m.file}`), "route handlers not built with defineRoute/defineApiRoute").toEqual([]);
    for (const file of [...Object.keys(UNWRAPPED_ROUTES), ...Object.keys(HAND_WRITTEN_ROUTES)]) {
      expect(ROUTE_FILES, `stale exception for ${file}`).toContain(file);
    }
    // Hand-written handlers must register themselves.
    for (const file of Object.keys(HAND_WRITTEN_ROUTES)) expect(staticRouteNames(file).length, file).toBeGreaterThan(0);
  });

  it("every registered route has a fixture entry pointing at the file and method that define it, and no entry is stale", () => {
    const registered = [...ROUTE_REGISTRY.keys()].sort();
    const missing = registered.filter((n) => !(n in ROUTE_FIXTURES));
    const stale = Object.keys(ROUTE_FIXTURES).filter((n) => !ROUTE_REGISTRY.has(n));
    expect(missing, `routes without an entry in lib/testing/authz-fixtures.ts: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `entries for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
    const staticNames = ROUTE_FILES.flatMap(staticRouteNames).sort();
    expect(staticNames).toEqual(registered);
    for (const [name, fixture] of Object.entries(ROUTE_FIXTURES)) {
      expect(staticRouteNames(fixture.file), `${name} is not defined in ${fixture.file}`).toContain(name);
      expect(routeHandlers.has(name), `${fixture.file} exports no ${fixture.method}`).toBe(true);
    }
  });

  it("the fixture table states the same permission the code declares", () => {
    // A change of permission in the code must be a deliberate change of this table too.
    for (const [name, permission] of ACTION_REGISTRY) expect(ACTION_FIXTURES[name]?.permission, name).toBe(permission);
    for (const [name, permission] of ROUTE_REGISTRY) expect(ROUTE_FIXTURES[name]?.permission, name).toBe(permission);
  });
});

async function check(
  name: string,
  permission: string,
  surface: "action" | TRouteFixture,
  call: (caller: TCaller) => Promise<{ status: number; detail: string }>,
) {
  const failures: string[] = [];
  // Refused callers first, each checked against a before/after snapshot; then the allowed ones.
  const order = [...CREDENTIALS].sort((a, b) => Number(expected(permission, a, surface).allowed) - Number(expected(permission, b, surface).allowed));
  for (const credential of order) {
    const want = expected(permission, credential, surface);
    if (!want.allowed) {
      const before = await snapshot();
      const got = await call(callers[credential]);
      const after = await snapshot();
      if (!want.status.includes(got.status)) failures.push(`${credential}: expected ${want.status.join("/")}, got ${got.status} ${got.detail}`);
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length) failures.push(`${credential}: refused but wrote to ${changed.join(", ")}`);
    } else {
      const got = await call(callers[credential]);
      if (got.status === 401 || got.status === 403 || got.status >= 500) failures.push(`${credential}: expected allowed, got ${got.status} ${got.detail}`);
    }
  }
  expect(failures, `${name} (${permission})`).toEqual([]);
}

describe("server actions × callers", () => {
  for (const name of Object.keys(ACTION_FIXTURES).sort()) {
    it(name, async () => {
      expect(actionsByName.has(name), `${name} is not defined in the code`).toBe(true);
      await check(name, ACTION_FIXTURES[name]!.permission, "action", (caller) => callAction(name, caller));
    });
  }
});

describe("route handlers × callers", () => {
  for (const name of Object.keys(ROUTE_FIXTURES).sort()) {
    it(`${ROUTE_FIXTURES[name]!.method} ${name}`, async () => {
      expect(routeHandlers.has(name), `${name} is not defined in the code`).toBe(true);
      const fixture = ROUTE_FIXTURES[name]!;
      await check(name, fixture.permission, fixture, (caller) => callRoute(name, caller));
    });
  }

  it("the health probe (unwrapped, public) answers every caller without authentication", async () => {
    const { GET } = (await import("@/app/api/health/route")) as { GET: () => Promise<Response> };
    for (const credential of CREDENTIALS) {
      actAs(callers[credential]);
      const res = await GET();
      expect([200, 503], credential).toContain(res.status);
      const body = (await res.json()) as Record<string, unknown>;
      expect(JSON.stringify(body)).not.toMatch(/INC-\d{4}/);
    }
  });
});
