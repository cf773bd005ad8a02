import { describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, toFailure } from "./errors";

// Shapes captured from Prisma 6.19 + adapter-pg against a PostgreSQL that was
// stopped mid-query, stopped, and starting up.
function prismaKnown(code: string, message: string, cause: Record<string, unknown>) {
  return Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    ["in-flight query at shutdown (57P01)", prismaKnown("P2010", "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`", { kind: "postgres", code: "57P01", originalCode: "57P01" })],
    ["server down (DatabaseNotReachable)", prismaKnown("P2010", "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
    ["transaction start while down (P1001)", prismaKnown("P1001", "Can't reach database server at 127.0.0.1:5432", { kind: "DatabaseNotReachable" })],
    ["connection reset (ConnectionClosed)", prismaKnown("P2010", "Raw query failed.", { kind: "ConnectionClosed" })],
    ["starting up (57P03)", prismaKnown("P2010", "Raw query failed. Code: `57P03`. Message: `the database system is starting up`", { kind: "postgres", code: "57P03" })],
    ["pg: Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["pg: connect timeout", new Error("timeout exceeded when trying to connect")],
    ["raw ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["wrapped in a cause", new Error("query failed", { cause: Object.assign(new Error("x"), { code: "57P01" }) })],
  ])("%s → 503", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(toFailure(error)).toEqual({ ok: false, status: 503, error: DATABASE_UNAVAILABLE_MESSAGE });
  });

  it.each([
    ["unique violation", prismaKnown("P2002", "Unique constraint failed", { kind: "UniqueConstraintViolation" })],
    ["a bug", new TypeError("x is undefined")],
    ["a string", "boom"],
    ["null", null],
  ])("%s → not a 503", (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toFailure(error).status).toBe(500);
  });
});
