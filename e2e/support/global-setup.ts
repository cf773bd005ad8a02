import { seed } from "./db";

export default function globalSetup() {
  if (!process.env.DATABASE_URL) throw new Error("E2E tests need DATABASE_URL (run them with `npm run test:e2e`).");
  seed("demo");
}
