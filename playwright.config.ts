import { defineConfig } from "@playwright/test";
import { findChromium } from "./scripts/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
const chromium = findChromium();
if (!chromium) throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.");

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-test",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
      AUTH_TRUST_HOST: "true",
      AUTH_URL: `http://localhost:${port}`,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      E2E_FAKE_PROVIDER_KEY: "fake-key-for-e2e",
      // The API fuzz floods every route with one token on purpose; the limit itself is tested in lib/http/v1.
      API_RATE_LIMIT_PER_MINUTE: "100000",
    },
    stdout: "ignore",
    stderr: "pipe",
  },
});
