import { describe, expect, it } from "vitest";
import {
  analyticsHref,
  DEFAULT_ANALYTICS_QUERY,
  DEFAULT_INCIDENT_LIST_QUERY,
  dateRangeBounds,
  followUpTrackerHref,
  incidentExportHref,
  incidentListHref,
  parseAnalyticsQuery,
  parseFollowUpTrackerQuery,
  parseIncidentListQuery,
  searchParamsToRecord,
  type TSearchParams,
} from "./schemas";

const fromHref = (href: string): TSearchParams => searchParamsToRecord(new URL(href, "http://x").searchParams);

describe("incident list URL state", () => {
  it("has defaults: newest start first, 25 rows, every column, no filter", () => {
    expect(DEFAULT_INCIDENT_LIST_QUERY).toEqual({
      q: "",
      severity: [],
      status: [],
      failureClass: [],
      fallbackMode: [],
      model: "",
      commander: "",
      from: "",
      to: "",
      tz: "UTC",
      sort: "start",
      dir: "desc",
      page: 1,
      size: 25,
      hide: [],
    });
    expect(incidentListHref(DEFAULT_INCIDENT_LIST_QUERY)).toBe("/incidents");
  });

  it("reads repeated and comma-separated lists in any case, dedupes and orders them canonically", () => {
    const parsed = parseIncidentListQuery({ severity: ["sev2,SEV1", "SEV2"], fallbackMode: "manual", hide: "Title,title" });
    expect(parsed).toMatchObject({ ok: true, query: { severity: ["SEV1", "SEV2"], fallbackMode: ["MANUAL"], hide: ["title"] } });
  });

  it("round-trips every field through the address", () => {
    const parsed = parseIncidentListQuery({
      q: "  timeout  fallback ",
      severity: "SEV1",
      status: "RESOLVED,CLOSED",
      failureClass: "TIMEOUT",
      fallbackMode: "AUTOMATIC",
      model: "gpt-4.1",
      commander: "user_1",
      from: "2026-01-01",
      to: "2026-03-31",
      tz: "America/New_York",
      sort: "openFollowUps",
      dir: "asc",
      page: "3",
      size: "100",
      hide: "title",
    });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    expect(parsed.query.q).toBe("timeout  fallback");
    const href = incidentListHref(parsed.query);
    expect(parseIncidentListQuery(fromHref(href))).toEqual(parsed);
    expect(incidentListHref((parseIncidentListQuery(fromHref(href)) as typeof parsed).query)).toBe(href);
  });

  it("drops the zone when there are no dates, so equal views have equal URLs", () => {
    const parsed = parseIncidentListQuery({ tz: "Asia/Tokyo", severity: "SEV1" });
    expect(parsed).toMatchObject({ ok: true, query: { tz: "UTC" } });
    expect(incidentListHref((parsed as { query: typeof DEFAULT_INCIDENT_LIST_QUERY }).query)).toBe("/incidents?severity=SEV1");
  });

  it("exports with the same filters and order, without paging or columns", () => {
    const parsed = parseIncidentListQuery({ severity: "SEV1", sort: "title", page: "4", size: "50", hide: "title" });
    expect(incidentExportHref((parsed as { query: typeof DEFAULT_INCIDENT_LIST_QUERY }).query)).toBe(
      "/api/incidents/export.csv?severity=SEV1&sort=title",
    );
  });

  it("names every problem of a bad address", () => {
    const parsed = parseIncidentListQuery({ status: "DONE", dir: "up", size: "10", tz: "Mars/Base", from: "2026-05-02", to: "2026-05-01", q: "x".repeat(201) });
    expect(parsed.ok).toBe(false);
    const errors = (parsed as { errors: string[] }).errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("status: Unknown status “DONE”. Use INVESTIGATING, MITIGATING, MONITORING, RESOLVED or CLOSED."),
        expect.stringContaining("dir: Sort direction “up” is not one of asc or desc."),
        "size: Rows per page must be 25, 50 or 100.",
        expect.stringContaining("tz: Unknown time zone"),
        "q: The search can have at most 200 characters.",
      ]),
    );
    // The range check needs valid dates and a valid zone, so it shows up once they are fixed.
    const range = parseIncidentListQuery({ from: "2026-05-02", to: "2026-05-01" });
    expect(range).toEqual({ ok: false, errors: ["to: The end date is before the start date."] });
  });
});

describe("dateRangeBounds", () => {
  it("covers whole calendar days in the zone, end exclusive", () => {
    expect(dateRangeBounds("2026-05-01", "2026-05-31", "UTC")).toEqual({
      gte: new Date("2026-05-01T00:00:00Z"),
      lt: new Date("2026-06-01T00:00:00Z"),
    });
    expect(dateRangeBounds("2026-03-29", "2026-03-29", "Europe/Berlin")).toEqual({
      gte: new Date("2026-03-28T23:00:00Z"), // CET
      lt: new Date("2026-03-29T22:00:00Z"), // CEST after the change
    });
    expect(dateRangeBounds("", "", "UTC")).toEqual({ gte: null, lt: null });
  });
});

describe("follow-up tracker URL state", () => {
  it("defaults to active follow-ups of everyone by due date and round-trips", () => {
    const parsed = parseFollowUpTrackerQuery({});
    expect(parsed).toEqual({ ok: true, query: { by: "due", owner: "any", show: "active", page: 1 } });
    const mine = parseFollowUpTrackerQuery({ owner: "me", by: "owner", show: "all", page: "2" });
    if (!mine.ok) throw new Error();
    expect(followUpTrackerHref(mine.query)).toBe("/follow-ups?owner=me&by=owner&show=all&page=2");
    expect(parseFollowUpTrackerQuery(fromHref(followUpTrackerHref(mine.query)))).toEqual(mine);
    expect(parseFollowUpTrackerQuery({ by: "name" }).ok).toBe(false);
  });
});

describe("analytics URL state", () => {
  it("defaults to monthly buckets and 30-day recurrence, and round-trips", () => {
    expect(DEFAULT_ANALYTICS_QUERY).toMatchObject({ bucket: "month", recurDays: 30, severity: [], service: "" });
    expect(analyticsHref(DEFAULT_ANALYTICS_QUERY)).toBe("/analytics");
    const parsed = parseAnalyticsQuery({ recurDays: "14", bucket: "week", service: "assistant-api", severity: "SEV2,SEV1", from: "2026-01-01", tz: "Europe/Berlin" });
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const href = analyticsHref(parsed.query);
    expect(href).toBe("/analytics?from=2026-01-01&tz=Europe%2FBerlin&severity=SEV1%2CSEV2&service=assistant-api&bucket=week&recurDays=14");
    expect(parseAnalyticsQuery(fromHref(href))).toEqual(parsed);
  });
  it("refuses a recurrence window that is not a positive whole number of days", () => {
    expect(parseAnalyticsQuery({ recurDays: "0" }).ok).toBe(false);
    expect(parseAnalyticsQuery({ recurDays: "2.5" }).ok).toBe(false);
    expect(parseAnalyticsQuery({ recurDays: "abc" })).toEqual({ ok: false, errors: ["recurDays: Recurrence days (recurDays) must be a whole number."] });
  });
});
