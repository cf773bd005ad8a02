// Security headers on pages (nonce CSP from proxy.ts) and API routes (static,
// next.config.ts), no CSP violation or hydration failure while using the app,
// and Next's origin check refusing a cross-site server action.
import { expect, test, type APIResponse, type Page, type Request } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values] as const;
      }),
  );
}

/** The common headers, then the page CSP; returns the nonce. */
function expectPageHeaders(headers: Record<string, string>): string {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // The E2E server is `next start` with NODE_ENV=production.
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
  expect(headers["x-powered-by"]).toBeUndefined();
  const csp = directives(headers["content-security-policy"] ?? "");
  const scriptSrc = csp.get("script-src") ?? [];
  const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, "script-src carries a nonce").toBeTruthy();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc.join(" ")).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'self'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  return nonce!;
}

/** Every <script> in the HTML (Next's chunks, flight data, next-themes) carries this request's nonce. */
function expectScriptsCarryNonce(html: string, nonce: string) {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(2);
  const without = scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`));
  expect(without).toEqual([]);
}

async function fetchPage(page: Page, path: string): Promise<{ response: APIResponse; nonce: string; html: string }> {
  const response = await page.request.get(path, { maxRedirects: 0 });
  expect(response.status(), path).toBe(200);
  const nonce = expectPageHeaders(response.headers());
  return { response, nonce, html: await response.text() };
}

/** Records CSP violations (DOM events and console reports) and hydration errors from the start of every document. */
async function watchForViolations(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} on ${location.pathname} (${e.sample})`);
    });
  });
  page.on("console", (msg) => {
    const text = msg.text();
    if (msg.type() === "error" && /CSP violation|Content Security Policy|Refused to (execute|load|apply)|hydrat|Minified React error #(418|423|425)/i.test(text)) {
      problems.push(text);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

test("pages: nonce CSP and the other headers, a new nonce per request, nonces on every script", async ({ page }) => {
  const first = await fetchPage(page, "/signin");
  const second = await fetchPage(page, "/signin");
  expect(first.nonce).not.toBe(second.nonce);
  expectScriptsCarryNonce(first.html, first.nonce);
  expectScriptsCarryNonce(second.html, second.nonce);

  // A signed-out visit to a protected page is still only a redirect (with the headers).
  const redirect = await page.request.get("/incidents", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()["location"]).toContain("/signin");
  expect(redirect.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  await signIn(page, "commander@demo.test");
  const incident = seed<{ key: string }>("incident", { title: `CSP review ${Date.now()}` });
  for (const path of ["/incidents", `/incidents/${incident.key}`, `/incidents/${incident.key}/questions`]) {
    const { nonce, html } = await fetchPage(page, path);
    expectScriptsCarryNonce(html, nonce);
  }
});

test("API responses: static CSP (no content, no framing, sandboxed), nosniff, referrer policy, HSTS", async ({ request }) => {
  for (const path of ["/api/health", "/api/incidents/export.csv"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(headers["x-powered-by"]).toBeUndefined();
  }
});

test("an uploaded file is served as an attachment with nosniff and a sandbox policy", async ({ page }) => {
  await signIn(page, "commander@demo.test");
  const incident = seed<{ key: string }>("incident", { title: `CSP upload ${Date.now()}` });
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const upload = await page.request.post(`/api/incidents/${incident.key}/attachments`, {
    headers: { origin: new URL(page.url()).origin },
    multipart: { artifactKind: "GRAPHS", file: { name: "graph.png", mimeType: "image/png", buffer: png } },
  });
  expect(upload.status()).toBe(201);
  const { data } = (await upload.json()) as { data: { id: string } };
  const download = await page.request.get(`/api/incidents/${incident.key}/attachments/${data.id}`);
  expect(download.status()).toBe(200);
  const headers = download.headers();
  expect(headers["content-disposition"]).toMatch(/^attachment;/);
  expect(headers["content-type"]).toBe("image/png");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // The static API policy replaces the route's own one, so it must keep the sandbox.
  expect(directives(headers["content-security-policy"] ?? "").get("sandbox")).toEqual([]);
  expect(headers["content-security-policy"]).toContain("default-src 'none'");
});

test("signing in, opening an incident and switching theme cause no CSP violation or hydration failure", async ({ page }) => {
  const problems = await watchForViolations(page);
  const incident = seed<{ key: string }>("incident", { title: `CSP browse ${Date.now()}` });

  await page.goto("/signin");
  await expectAccessible(page);
  await signIn(page, "commander@demo.test");
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: incident.key }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${incident.key}$`));
  await expect(page.getByRole("heading", { name: /CSP browse/ })).toBeVisible();
  await expectAccessible(page);

  // next-themes' inline script (nonce) applies the stored theme before paint.
  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.getByRole("button", { name: wasDark ? "Switch to light theme" : "Switch to dark theme" }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!wasDark);
  await page.reload();
  await expect(page.getByRole("heading", { name: /CSP browse/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!wasDark);
  await expectAccessible(page);

  await page.goto(`/incidents/${incident.key}/questions`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);

  expect(problems).toEqual([]);
});

test("a cross-origin server action is refused by Next's origin check and writes nothing", async ({ page }) => {
  await signIn(page, "commander@demo.test");
  await page.goto("/incidents/new");
  await page.getByLabel("Title").fill(`Captured ${Date.now()}`);
  await page.getByLabel("Start of degradation").fill("2026-05-08T09:12");
  const captured = new Promise<Request>((resolve) =>
    page.on("request", (r) => {
      if (r.method() === "POST" && r.headers()["next-action"]) resolve(r);
    }),
  );
  await page.getByRole("button", { name: "Create incident" }).click();
  const actionId = (await captured).headers()["next-action"]!;
  await expect(page).toHaveURL(/\/incidents\/INC-/);

  const forgedTitle = `Forged cross-site ${Date.now()}`;
  const response = await page.request.post("/incidents/new", {
    headers: {
      "next-action": actionId,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: "https://evil.example",
    },
    data: JSON.stringify([{ title: forgedTitle, severity: "SEV1", startedAtLocal: "2026-05-08T09:12", timeZone: "UTC" }]),
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(await response.text()).not.toContain(forgedTitle);
  expect(seed<{ count: number }>("incident-count", { title: forgedTitle }).count).toBe(0);

  // The same request from the app's own origin goes through: the refusal above was the origin check.
  const sameOriginTitle = `Same origin ${Date.now()}`;
  const ok = await page.request.post("/incidents/new", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: new URL(page.url()).origin },
    data: JSON.stringify([{ title: sameOriginTitle, severity: "SEV1", startedAtLocal: "2026-05-08T09:12", timeZone: "UTC" }]),
  });
  expect(ok.status()).toBe(200);
  expect(seed<{ count: number }>("incident-count", { title: sameOriginTitle }).count).toBe(1);
});
