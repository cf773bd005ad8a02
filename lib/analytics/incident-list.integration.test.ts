// The incident list against a real PostgreSQL: every filter, every sort
// column in both directions, full-text search over titles and answers,
// paging boundaries, the URL round trip, and the CSV export (route handler
// included) holding exactly the filtered rows.
import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TActor } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import { createIncidentRecord } from "@/lib/incidents/incidents";
import { QUESTION_IDS } from "@/lib/runbook/runbook";
import { makeActor } from "@/lib/testing/integration";
import { INCIDENT_CSV_HEADER, incidentsToCsv } from "./csv";
import { getIncidentFilterOptions, listIncidentPage, listIncidentsForExport } from "./incident-list";
import { refreshIncidentSearchDocument } from "./search-document";
import {
  incidentExportHref,
  incidentListHref,
  parseIncidentListQuery,
  searchParamsToRecord,
  type TIncidentListQuery,
} from "./schemas";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));
const { GET: exportCsv } = await import("@/app/api/incidents/export.csv/route");

const NOW = new Date("2026-06-01T00:00:00Z");
const HOUR = 3_600_000;
const token = `zq${randomUUID().replace(/-/g, "").slice(0, 10)}`;
const answerToken = `zw${randomUUID().replace(/-/g, "").slice(0, 10)}`;
const pagingToken = `zp${randomUUID().replace(/-/g, "").slice(0, 10)}`;

type TFixture = {
  title: string;
  severity: "SEV1" | "SEV2" | "SEV3" | "SEV4";
  status: "INVESTIGATING" | "MITIGATING" | "MONITORING" | "RESOLVED" | "CLOSED";
  start: string;
  endAfterMs?: number;
  alias?: string;
  resolved?: string;
  fallbackMode: "AUTOMATIC" | "MANUAL" | "NOT_TRIGGERED";
  classes: [string, "PRIMARY" | "SECONDARY"][];
  answers: string[];
  followUps: ("OPEN" | "IN_PROGRESS" | "DONE" | "WONT_DO")[];
  commander: "zoe" | "aaron";
};

// Five incidents sharing `token` in their titles; letters name them in the expectations below.
const FIXTURES: Record<"A" | "B" | "C" | "D" | "E", TFixture> = {
  A: {
    title: `Mike timeout on the summarizer ${token}`,
    severity: "SEV1",
    status: "RESOLVED",
    start: "2026-05-20T10:00:00Z",
    endAfterMs: 2 * HOUR,
    alias: "gpt-a",
    resolved: "gpt-a-2025",
    fallbackMode: "AUTOMATIC",
    classes: [
      ["UPSTREAM_5XX", "SECONDARY"],
      ["TIMEOUT", "PRIMARY"],
    ],
    answers: ["Detected by the latency alert.", "We enabled the fallback model.", "Dashboards split by path.", "   \n\t "],
    followUps: ["OPEN", "OPEN", "DONE"],
    commander: "zoe",
  },
  B: {
    title: `Bravo rate limit spike ${token}`,
    severity: "SEV2",
    status: "MITIGATING",
    start: "2026-05-25T08:00:00Z",
    alias: "gpt-b",
    fallbackMode: "MANUAL",
    classes: [["RATE_LIMIT_429", "PRIMARY"]],
    answers: [`The queue absorbed the burst; see ${answerToken} for the quota report.`],
    followUps: ["IN_PROGRESS"],
    commander: "zoe",
  },
  C: {
    title: `Zulu auth failure ${token}`,
    severity: "SEV3",
    status: "CLOSED",
    start: "2026-04-01T00:00:00Z",
    endAfterMs: HOUR / 2,
    fallbackMode: "NOT_TRIGGERED",
    classes: [["AUTH", "PRIMARY"]],
    answers: [],
    followUps: [],
    commander: "zoe",
  },
  D: {
    title: `Alpha timeouts again ${token}`,
    severity: "SEV1",
    status: "RESOLVED",
    start: "2026-05-31T23:30:00Z",
    endAfterMs: 10 * 60_000,
    alias: "GPT-A",
    fallbackMode: "AUTOMATIC",
    classes: [
      ["QUALITY_REGRESSION", "PRIMARY"],
      ["TIMEOUT", "SECONDARY"],
    ],
    answers: QUESTION_IDS.map((q) => `Answer to ${q}.`),
    followUps: ["WONT_DO"],
    commander: "zoe",
  },
  E: {
    title: `Echo quality regression ${token}`,
    severity: "SEV4",
    status: "INVESTIGATING",
    start: "2026-03-15T00:00:00Z",
    fallbackMode: "NOT_TRIGGERED",
    classes: [],
    answers: [],
    followUps: [],
    commander: "aaron",
  },
};

let zoe: TActor;
let aaron: TActor;
let viewer: TActor;
const keyOf: Record<string, string> = {};
const letterOf: Record<string, string> = {};

async function createFixture(letter: string, f: TFixture) {
  const commander = f.commander === "zoe" ? zoe : aaron;
  const start = new Date(f.start);
  const { id, key } = await createIncidentRecord(commander, {
    title: f.title,
    severity: f.severity,
    status: f.status,
    degradationStartedAt: start,
    endedAt: f.endAfterMs === undefined ? null : new Date(start.getTime() + f.endAfterMs),
    primaryModelAlias: f.alias ?? null,
    primaryModelResolvedId: f.resolved ?? null,
    fallbackMode: f.fallbackMode,
  });
  const prisma = getPrisma();
  await prisma.incidentFailureClass.createMany({
    data: f.classes.map(([failureClass, role]) => ({ incidentId: id, failureClass: failureClass as "TIMEOUT", role })),
  });
  await prisma.questionAnswer.createMany({
    data: f.answers.map((body, i) => ({ incidentId: id, questionId: QUESTION_IDS[i]!, body, runbookVersion: "2026-05-08" })),
  });
  await refreshIncidentSearchDocument(prisma, id); // answers written directly, not through lib/review
  await prisma.followUp.createMany({
    data: f.followUps.map((status, i) => ({ incidentId: id, title: `Follow-up ${i}`, ownerExternalName: "SRE", status, dueDate: new Date("2026-07-01") })),
  });
  keyOf[letter] = key;
  letterOf[key] = letter;
}

beforeAll(async () => {
  const prisma = getPrisma();
  const named = async (name: string) => {
    const actor = await makeActor("COMMANDER");
    await prisma.user.update({ where: { id: actor.id }, data: { name } });
    return { ...actor, name };
  };
  zoe = await named(`Zoe Zed ${token}`);
  aaron = await named(`Aaron Adams ${token}`);
  viewer = await makeActor("VIEWER");
  for (const [letter, f] of Object.entries(FIXTURES)) await createFixture(letter, f);
});

afterEach(() => {
  session.actor = null;
  vi.useRealTimers();
});

function query(over: Record<string, string | string[]> = {}): TIncidentListQuery {
  const parsed = parseIncidentListQuery({ q: token, ...over });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
}

async function letters(over: Record<string, string | string[]> = {}): Promise<string[]> {
  const page = await listIncidentPage(viewer, query(over), { now: NOW });
  return page.rows.map((r) => letterOf[r.key] ?? r.key);
}

describe("incident list: rows and columns", () => {
  it("shows every column's value, classes primary first, completeness and open follow-ups", async () => {
    const page = await listIncidentPage(viewer, query(), { now: NOW });
    expect(page.total).toBe(5);
    const byLetter = Object.fromEntries(page.rows.map((r) => [letterOf[r.key], r]));
    expect(byLetter.A).toMatchObject({
      title: FIXTURES.A.title,
      severity: "SEV1",
      status: "RESOLVED",
      primaryModelAlias: "gpt-a",
      primaryModelResolvedId: "gpt-a-2025",
      fallbackMode: "AUTOMATIC",
      failureClasses: [
        { failureClass: "TIMEOUT", role: "PRIMARY" },
        { failureClass: "UPSTREAM_5XX", role: "SECONDARY" },
      ],
      startedAt: "2026-05-20T10:00:00.000Z",
      endedAt: "2026-05-20T12:00:00.000Z",
      durationMs: 2 * HOUR,
      ongoing: false,
      commanderName: zoe.name,
      answered: 3, // the whitespace-only answer does not count
      questionTotal: 23,
      openFollowUps: 2, // done does not count
    });
    // Open: duration runs to "now" and it says ongoing.
    expect(byLetter.B).toMatchObject({ endedAt: null, ongoing: true, durationMs: NOW.getTime() - Date.parse("2026-05-25T08:00:00Z"), openFollowUps: 1 });
    expect(byLetter.D).toMatchObject({ answered: 23, openFollowUps: 0 }); // won't do is not open
    expect(byLetter.E).toMatchObject({ failureClasses: [], answered: 0, commanderName: aaron.name });
  });

  it("offers the models and commanders that occur as filter choices", async () => {
    const options = await getIncidentFilterOptions(viewer, { fresh: true });
    expect(options.models).toEqual(expect.arrayContaining(["gpt-a", "GPT-A", "gpt-a-2025", "gpt-b"]));
    expect(options.commanders).toEqual(expect.arrayContaining([{ id: zoe.id, name: zoe.name }, { id: aaron.id, name: aaron.name }]));
  });
});

describe("incident list: sorting (server side, every column, both directions)", () => {
  // Ties fall back to the newest start first, whatever the direction; empty values sort last.
  const cases: [string, string[], string[]][] = [
    ["start", ["E", "C", "A", "B", "D"], ["D", "B", "A", "C", "E"]],
    ["key", ["A", "B", "C", "D", "E"], ["E", "D", "C", "B", "A"]],
    ["title", ["D", "B", "E", "A", "C"], ["C", "A", "E", "B", "D"]],
    ["severity", ["D", "A", "B", "C", "E"], ["E", "C", "B", "D", "A"]],
    ["status", ["E", "B", "D", "A", "C"], ["C", "D", "A", "B", "E"]],
    ["primaryModel", ["D", "A", "B", "C", "E"], ["B", "D", "A", "C", "E"]],
    ["fallbackMode", ["D", "A", "B", "C", "E"], ["C", "E", "B", "D", "A"]],
    // By the primary class, in the runbook's class order; no class last.
    ["failureClasses", ["C", "B", "A", "D", "E"], ["D", "A", "B", "C", "E"]],
    // Open incidents (B, E) run to "now".
    ["duration", ["D", "C", "A", "B", "E"], ["E", "B", "A", "C", "D"]],
    ["commander", ["E", "D", "B", "A", "C"], ["D", "B", "A", "C", "E"]],
    ["completeness", ["C", "E", "B", "A", "D"], ["D", "A", "B", "C", "E"]],
    ["openFollowUps", ["D", "C", "E", "B", "A"], ["A", "B", "D", "C", "E"]],
  ];
  it.each(cases)("by %s", async (sort, asc, desc) => {
    expect(await letters({ sort, dir: "asc" })).toEqual(asc);
    expect(await letters({ sort, dir: "desc" })).toEqual(desc);
  });

  it("sorts by start, newest first, by default", async () => {
    expect(await letters()).toEqual(["D", "B", "A", "C", "E"]);
  });
});

describe("incident list: filters", () => {
  it("severity (several)", async () => {
    expect(await letters({ severity: "SEV1,SEV2" })).toEqual(["D", "B", "A"]);
    expect(await letters({ severity: ["sev4"] })).toEqual(["E"]);
  });
  it("status (several)", async () => {
    expect(await letters({ status: ["RESOLVED", "CLOSED"] })).toEqual(["D", "A", "C"]);
    expect(await letters({ status: "MONITORING" })).toEqual([]);
  });
  it("failure class, primary or secondary", async () => {
    expect(await letters({ failureClass: "TIMEOUT" })).toEqual(["D", "A"]);
    expect(await letters({ failureClass: "AUTH,RATE_LIMIT_429" })).toEqual(["B", "C"]);
  });
  it("primary model: alias or resolved identifier, any case", async () => {
    expect(await letters({ model: "gpt-a" })).toEqual(["D", "A"]);
    expect(await letters({ model: "GPT-A-2025" })).toEqual(["A"]);
    expect(await letters({ model: "gpt-c" })).toEqual([]);
  });
  it("fallback mode (several)", async () => {
    expect(await letters({ fallbackMode: "MANUAL,NOT_TRIGGERED" })).toEqual(["B", "C", "E"]);
  });
  it("commander", async () => {
    expect(await letters({ commander: aaron.id })).toEqual(["E"]);
    expect(await letters({ commander: zoe.id })).toEqual(["D", "B", "A", "C"]);
  });
  it("date range on the start, as calendar days in the given zone", async () => {
    expect(await letters({ from: "2026-05-20", to: "2026-05-31" })).toEqual(["D", "B", "A"]);
    // 2026-05-31 in Tokyo ends at 15:00 UTC: D (23:30 UTC) started on June 1st there.
    expect(await letters({ from: "2026-05-20", to: "2026-05-31", tz: "Asia/Tokyo" })).toEqual(["B", "A"]);
    expect(await letters({ from: "2026-05-21" })).toEqual(["D", "B"]);
    expect(await letters({ to: "2026-04-01" })).toEqual(["C", "E"]);
  });
  it("filters combine (AND)", async () => {
    expect(await letters({ severity: "SEV1", failureClass: "TIMEOUT", from: "2026-05-01", sort: "duration" })).toEqual(["A", "D"]);
  });
});

describe("incident list: full-text search", () => {
  it("matches titles, with stemming, all words required", async () => {
    expect(await letters({ q: `${token} summarizer` })).toEqual(["A"]);
    expect(await letters({ q: `${token} timeout` })).toEqual(["D", "A"]); // "timeouts" stems to "timeout"
    expect(await letters({ q: `${token} -timeout` })).toEqual(["B", "C", "E"]);
  });
  it("matches review answers", async () => {
    expect(await letters({ q: answerToken })).toEqual(["B"]);
    // A phrase must appear in that order within one title or one answer.
    expect(await letters({ q: `"quota report" ${answerToken}` })).toEqual(["B"]);
    expect(await letters({ q: `"report quota" ${answerToken}` })).toEqual([]);
  });
  it("needs every word somewhere in the incident: its title or any of its answers", async () => {
    expect(await letters({ q: `${token} ${answerToken}` })).toEqual(["B"]);
    expect(await letters({ q: `${token} fallback` })).toEqual(["A"]); // "fallback" is only in one of A's answers
    expect(await letters({ q: `${token} -fallback -rate` })).toEqual(["D", "C", "E"]);
  });
  it("finds nothing for words that occur nowhere", async () => {
    expect(await letters({ q: `${token} zzyzx` })).toEqual([]);
  });
});

describe("incident list: paging", () => {
  beforeAll(async () => {
    for (let i = 0; i < 26; i++) {
      await createIncidentRecord(zoe, {
        title: `Paging ${pagingToken} ${i}`,
        severity: "SEV3",
        degradationStartedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      });
    }
  });
  it("splits 26 rows into 25 + 1 without overlap, and an empty page past the end still counts", async () => {
    const p1 = await listIncidentPage(viewer, query({ q: pagingToken }), { now: NOW });
    const p2 = await listIncidentPage(viewer, query({ q: pagingToken, page: "2" }), { now: NOW });
    const p3 = await listIncidentPage(viewer, query({ q: pagingToken, page: "3" }), { now: NOW });
    expect([p1.rows.length, p2.rows.length, p3.rows.length]).toEqual([25, 1, 0]);
    expect([p1.total, p2.total, p3.total]).toEqual([26, 26, 26]);
    expect(p1.pageCount).toBe(2);
    const titles = [...p1.rows, ...p2.rows].map((r) => r.title);
    expect(new Set(titles).size).toBe(26);
    expect(titles[0]).toBe(`Paging ${pagingToken} 25`);
    expect(titles[25]).toBe(`Paging ${pagingToken} 0`);
    const all = await listIncidentPage(viewer, query({ q: pagingToken, size: "50" }), { now: NOW });
    expect(all.rows.map((r) => r.title)).toEqual(titles);
    expect(all.pageCount).toBe(1);
  });
  it("an empty result has one (empty) page", async () => {
    const page = await listIncidentPage(viewer, query({ q: `${pagingToken} zzyzx` }), { now: NOW });
    expect(page).toMatchObject({ rows: [], total: 0, pageCount: 1 });
  });
});

describe("incident list: URL state", () => {
  it("round-trips through the address and lists the same rows", async () => {
    const original = query({
      severity: ["SEV2", "SEV1"],
      status: "RESOLVED,MITIGATING",
      failureClass: "TIMEOUT,RATE_LIMIT_429",
      from: "2026-05-01",
      to: "2026-05-31",
      tz: "Europe/Berlin",
      sort: "duration",
      dir: "asc",
      hide: "commander,completeness",
    });
    const href = incidentListHref(original);
    expect(href).toBe(
      `/incidents?q=${token}&severity=SEV1%2CSEV2&status=MITIGATING%2CRESOLVED&failureClass=RATE_LIMIT_429%2CTIMEOUT&from=2026-05-01&to=2026-05-31&tz=Europe%2FBerlin&sort=duration&dir=asc&hide=commander%2Ccompleteness`,
    );
    const reparsed = parseIncidentListQuery(searchParamsToRecord(new URL(href, "http://x").searchParams));
    expect(reparsed).toEqual({ ok: true, query: original });
    const a = await listIncidentPage(viewer, original, { now: NOW });
    const b = await listIncidentPage(viewer, (reparsed as { query: TIncidentListQuery }).query, { now: NOW });
    expect(b.rows.map((r) => r.key)).toEqual(a.rows.map((r) => r.key));
    expect(a.rows.map((r) => letterOf[r.key])).toEqual(["A", "B"]);
  });
  it("refuses a bad address with every problem named", () => {
    const parsed = parseIncidentListQuery({ severity: "SEV9", sort: "nope", size: "30", from: "2026-02-30", page: "0" });
    expect(parsed.ok).toBe(false);
    const errors = (parsed as { errors: string[] }).errors.join("\n");
    expect(errors).toContain("Unknown severity “SEV9”");
    expect(errors).toContain("Sort column “nope”");
    expect(errors).toContain("Rows per page must be 25, 50 or 100.");
    expect(errors).toContain("from: The start date (from) must be a date");
    expect(errors).toContain("page: The page must be at least 1.");
  });
});

describe("incident list: CSV export", () => {
  it("holds exactly the filtered rows, in the list's order", async () => {
    const q = query({ failureClass: "TIMEOUT,RATE_LIMIT_429,AUTH", sort: "title", dir: "asc" });
    const listed = await listIncidentPage(viewer, { ...q, size: 100 }, { now: NOW });
    const { rows } = await listIncidentsForExport(viewer, q, { now: NOW });
    const csv = incidentsToCsv(rows);
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: "\r\n" });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual([...INCIDENT_CSV_HEADER]);
    const records = parsed.data.slice(1);
    expect(records.map((r) => r[0])).toEqual(listed.rows.map((r) => r.key));
    expect(records.map((r) => letterOf[r[0]!])).toEqual(["D", "B", "A", "C"]);
    const a = records[2]!;
    expect(a).toEqual([
      keyOf.A,
      FIXTURES.A.title,
      "SEV1",
      "RESOLVED",
      "gpt-a",
      "gpt-a-2025",
      "AUTOMATIC",
      "Timeouts",
      "5xx upstream-style errors",
      "2026-05-20T10:00:00.000Z",
      "2026-05-20T12:00:00.000Z",
      "false",
      "120",
      zoe.name,
      "3",
      "23",
      "2",
    ]);
  });

  it("the route answers CSV for the list's address and refuses a bad one", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    session.actor = viewer;
    const q = query({ severity: "SEV1,SEV2,SEV3", sort: "start", dir: "asc" });
    const res = await exportCsv(new Request(`http://localhost${incidentExportHref(q)}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''incidents-2026-06-01.csv");
    const body = await res.text();
    expect(body).toBe(incidentsToCsv((await listIncidentsForExport(viewer, q, { now: NOW })).rows));
    expect(body.split("\r\n").slice(1, -1).map((line) => letterOf[line.split(",")[0]!])).toEqual(["C", "A", "B", "D"]);

    const bad = await exportCsv(new Request("http://localhost/api/incidents/export.csv?severity=SEV9"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain("Unknown severity");

    session.actor = null;
    const anonymous = await exportCsv(new Request("http://localhost/api/incidents/export.csv"), { params: Promise.resolve({}) });
    expect(anonymous.status).toBe(401);
  });

  it("neutralizes formulas in exported text", async () => {
    const { id, key } = await createIncidentRecord(zoe, { title: `=HYPERLINK("http://evil.test") ${token}x`, severity: "SEV4", degradationStartedAt: new Date("2020-01-01T00:00:00Z") });
    try {
      const { rows } = await listIncidentsForExport(viewer, query({ q: `${token}x` }), { now: NOW });
      const csv = incidentsToCsv(rows);
      expect(csv).toContain(`${key},"'=HYPERLINK(""http://evil.test"") ${token}x",SEV4`);
    } finally {
      await getPrisma().incident.delete({ where: { id } });
    }
  });
});
