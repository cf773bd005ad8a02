import { checkHealth } from "@/lib/db/health";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store", ...(health.status === "ok" ? {} : { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) }) },
  });
}
