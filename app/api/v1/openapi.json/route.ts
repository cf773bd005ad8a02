import { openApiRoute } from "../registry";

export const dynamic = "force-dynamic";

export const GET = openApiRoute;
