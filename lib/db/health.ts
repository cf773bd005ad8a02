import "server-only";
import { getPrisma } from "./prisma";

export type THealth = { status: "ok" | "unavailable"; database: "ok" | "unreachable"; latencyMs: number };

export async function checkHealth(): Promise<THealth> {
  const started = performance.now();
  try {
    await getPrisma().$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: "unavailable", database: "unreachable", latencyMs: Math.round(performance.now() - started) };
  }
}
