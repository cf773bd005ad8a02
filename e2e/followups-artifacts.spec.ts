import { deflateSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

// ─── A real 1×1 PNG, built here ─────────────────────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function onePixelPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const scanline = Buffer.from([0, 0xd9, 0x4f, 0x2b, 0xff]); // filter byte + one orange pixel
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(scanline)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

const PNG = onePixelPng();

test.use({ actionTimeout: 15_000 });

/** A calendar date `days` from now (far enough from today that the browser's zone cannot matter). */
const dateFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// Runbook labels of the kinds used below (the page shows them verbatim).
const GRAPHS = "graph screenshots or dashboard links";
const HISTOGRAM = "error-class histogram";
const SAMPLE = "sample sanitized request and response";
const STATEMENT = "final customer-impact statement";
const TIMELINE = "timeline of detection, mitigation, and recovery";
const SUPPORT = "support contacts or help-center references used";

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

async function addFollowUp(
  page: Page,
  f: { title: string; owner: { user: string } | { external: string }; due: string; status?: string; ticket?: string; source?: string },
) {
  await page.getByRole("button", { name: "Add follow-up" }).click();
  const form = page.getByRole("form", { name: "New follow-up" });
  await form.getByLabel("Title").fill(f.title);
  if ("user" in f.owner) {
    await form.getByLabel("Owner (user)", { exact: true }).selectOption({ label: f.owner.user });
  } else {
    await form.getByLabel("Someone outside the app").check();
    await form.getByLabel("Owner (name of an external person or team)").fill(f.owner.external);
  }
  await form.getByLabel("Due date").fill(f.due);
  if (f.status) await form.getByLabel(/^Status/).selectOption({ label: f.status });
  if (f.ticket) await form.getByLabel("Link to the external ticket").fill(f.ticket);
  if (f.source) await form.getByLabel("Came from").selectOption({ label: f.source });
  await form.getByRole("button", { name: "Add follow-up" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added "${f.title}".` })).toBeVisible();
}

test("follow-ups and documentation artifacts: a commander records them, a viewer reads and downloads only", async ({ browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const { key } = seed<{ key: string }>("incident", { title: `Follow-ups and artifacts ${stamp}` });

  const followUps = {
    user: `Split primary and fallback panels ${stamp}`,
    external: `Ask the provider for the outage report ${stamp}`,
    overdue: `Tune the timeout alert threshold ${stamp}`,
  };
  const linkLabel = "Error classes, 09:00–11:00 UTC";
  const reason = "No sanitized sample was captured during this incident.";
  const statement = `About 12% of assistant answers were slow or failed for 43 minutes (${stamp}).`;

  // ─── Commander: follow-ups ────────────────────────────────────────────────
  const commander = await browser.newContext();
  const page = await commander.newPage();
  await signIn(page, "commander@demo.test");
  await page.goto(`/incidents/${key}/follow-ups`);
  await expect(page.getByRole("heading", { name: "Follow-ups", level: 2 })).toBeVisible();
  await expect(page.getByText("No follow-ups yet.")).toBeVisible();
  await expectAccessible(page);

  await addFollowUp(page, {
    title: followUps.user,
    owner: { user: "Casey Commander (commander@demo.test)" },
    due: dateFromToday(30),
    ticket: "https://tickets.example.com/OPS-101",
    source: "Detection: Did dashboards separate primary and fallback traffic?",
  });
  await addFollowUp(page, {
    title: followUps.external,
    owner: { external: "Provider support (vendor)" },
    due: dateFromToday(60),
    status: "In progress",
    source: "Recovery (whole section)",
  });
  // The form refuses a follow-up with both kinds of owner missing before anything is sent.
  await page.getByRole("button", { name: "Add follow-up" }).click();
  const draft = page.getByRole("form", { name: "New follow-up" });
  await draft.getByLabel("Title").fill(followUps.overdue);
  await draft.getByLabel("Due date").fill(dateFromToday(-30));
  await draft.getByRole("button", { name: "Add follow-up" }).click();
  await expect(draft.getByText("Choose an owner: a user or a named external owner.")).toBeVisible();
  await draft.getByRole("button", { name: "Cancel" }).click();
  await addFollowUp(page, { title: followUps.overdue, owner: { user: "Vic Viewer (viewer@demo.test)" }, due: dateFromToday(-30) });

  const rows = page.getByTestId("follow-up-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(followUps.overdue);
  await expect(rows.first().getByText("Overdue", { exact: true })).toBeVisible();
  await expect(page.getByText("Overdue", { exact: true })).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-overdue", "true");
  await expectAccessible(page);

  // Inline status edit.
  await page.getByLabel(`Status of ${followUps.user}`).selectOption({ label: "Done" });
  await expect(page.getByRole("status").filter({ hasText: `Status of "${followUps.user}" set to Done.` })).toBeVisible();
  await expect(page.getByLabel(`Status of ${followUps.user}`)).toHaveValue("DONE");

  // ─── Commander: artifacts ─────────────────────────────────────────────────
  await page.goto(`/incidents/${key}/artifacts`);
  await expect(page.getByRole("heading", { name: "Documentation artifacts to attach", level: 2 })).toBeVisible();
  await expect(page.locator("section[data-state]")).toHaveCount(10);
  await expect(region(page, GRAPHS).getByText("Missing", { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Upload a PNG for the graphs → attached.
  const graphs = region(page, GRAPHS);
  await graphs.getByLabel("Upload a file").setInputFiles({ name: "graph.png", mimeType: "image/png", buffer: PNG });
  await graphs.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(graphs.getByRole("status").filter({ hasText: "Uploaded graph.png." })).toBeVisible();
  await expect(graphs.getByText("Attached", { exact: true })).toBeVisible();
  await expect(graphs.getByRole("link", { name: /graph\.png/ })).toBeVisible();

  // A dashboard link for the histogram → linked.
  const histogram = region(page, HISTOGRAM);
  await histogram.getByRole("button", { name: "Add a link" }).click();
  await histogram.getByLabel("Link type").selectOption("DASHBOARD");
  await histogram.getByLabel(/^URL/).fill("https://grafana.example.com/d/errors?from=1778231520000");
  await histogram.getByLabel(/^Label/).fill(linkLabel);
  await histogram.getByRole("button", { name: "Add link", exact: true }).click();
  await expect(histogram.getByText("Linked", { exact: true })).toBeVisible();
  await expect(histogram.getByRole("link", { name: new RegExp(linkLabel) })).toBeVisible();

  // Not applicable needs a reason.
  const sample = region(page, SAMPLE);
  await sample.getByRole("button", { name: "Mark not applicable" }).click();
  await sample.getByRole("button", { name: "Save as not applicable" }).click();
  await expect(sample.getByText("Say why this artifact does not apply (at least 3 characters).")).toBeVisible();
  await sample.getByLabel("Why does this not apply?").fill(reason);
  await sample.getByRole("button", { name: "Save as not applicable" }).click();
  await expect(sample.getByText("Not applicable", { exact: true })).toBeVisible();
  await expect(sample.getByText(reason)).toBeVisible();

  // The customer-impact statement → attached.
  const impact = region(page, STATEMENT);
  await impact.getByLabel("Statement").fill(statement);
  await impact.getByRole("button", { name: "Save statement" }).click();
  await expect(impact.getByRole("status").filter({ hasText: "Statement saved." })).toBeVisible();
  await expect(impact.getByText("Attached", { exact: true })).toBeVisible();

  // The runbook's help-center URL is offered for support contacts: one click links it.
  const support = region(page, SUPPORT);
  await support.getByRole("button", { name: /Add help-center link/ }).click();
  await expect(support.getByText("Linked", { exact: true })).toBeVisible();
  await expect(support.getByText("https://apidoc.cometapi.com/help-center")).toBeVisible();
  await expect(support.getByRole("button", { name: /Add help-center link/ })).toHaveCount(0);

  // A text file named x.png is refused with a message; nothing is stored.
  const before = seed<{ count: number; audit: number }>("attachment-count", { key });
  expect(before.count).toBe(1);
  const timeline = region(page, TIMELINE);
  await timeline.getByLabel("Upload a file").setInputFiles({ name: "x.png", mimeType: "image/png", buffer: Buffer.from("this is text, not an image\n") });
  await timeline.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(timeline.getByRole("alert")).toContainText('"x.png" is named as a PNG image, but its content is plain text. Nothing was uploaded.');
  await expect(timeline.getByText("Missing", { exact: true })).toBeVisible();
  expect(seed<{ count: number; audit: number }>("attachment-count", { key })).toEqual(before);
  await expectAccessible(page);

  // Reload: everything is still there.
  await page.reload();
  await expect(region(page, GRAPHS).getByText("Attached", { exact: true })).toBeVisible();
  await expect(region(page, GRAPHS).getByRole("link", { name: /graph\.png/ })).toBeVisible();
  await expect(region(page, HISTOGRAM).getByText("Linked", { exact: true })).toBeVisible();
  await expect(region(page, SAMPLE).getByText("Not applicable", { exact: true })).toBeVisible();
  await expect(region(page, SAMPLE).getByText(reason)).toBeVisible();
  await expect(region(page, STATEMENT).getByLabel("Statement")).toHaveValue(statement);
  await expect(region(page, STATEMENT).getByText("Attached", { exact: true })).toBeVisible();
  await page.goto(`/incidents/${key}/follow-ups`);
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText(followUps.overdue);
  await expect(page.getByLabel(`Status of ${followUps.user}`)).toHaveValue("DONE");
  await expect(page.getByLabel(`Status of ${followUps.external}`)).toHaveValue("IN_PROGRESS");
  await commander.close();

  // ─── Viewer: reads everything, downloads, edits nothing ───────────────────
  const viewer = await browser.newContext();
  const vpage = await viewer.newPage();
  await signIn(vpage, "viewer@demo.test");
  await vpage.goto(`/incidents/${key}/follow-ups`);
  const vrows = vpage.getByTestId("follow-up-row");
  await expect(vrows).toHaveCount(3);
  await expect(vrows.first()).toContainText(followUps.overdue);
  await expect(vrows.first().getByText("Overdue", { exact: true })).toBeVisible();
  await expect(vpage.getByText("Provider support (vendor)")).toBeVisible();
  await expect(vrows.filter({ hasText: followUps.user }).getByText("Done", { exact: true })).toBeVisible();
  const main = vpage.getByRole("main");
  await expect(main.getByRole("button", { name: /add follow-up|edit|delete/i })).toHaveCount(0);
  await expect(main.getByRole("combobox")).toHaveCount(0);
  await expectAccessible(vpage);

  await vpage.goto(`/incidents/${key}/artifacts`);
  await expect(region(vpage, GRAPHS).getByText("Attached", { exact: true })).toBeVisible();
  await expect(region(vpage, HISTOGRAM).getByText("Linked", { exact: true })).toBeVisible();
  await expect(region(vpage, SAMPLE).getByText(reason)).toBeVisible();
  await expect(region(vpage, STATEMENT).getByText(statement)).toBeVisible();
  await expect(vpage.getByRole("main").getByRole("button")).toHaveCount(0);
  await expect(vpage.getByRole("main").locator("input, textarea, select")).toHaveCount(0);
  await expectAccessible(vpage);

  // Download the PNG: served as an attachment, never sniffed, with the detected type.
  const download = region(vpage, GRAPHS).getByRole("link", { name: /graph\.png/ });
  const href = await download.getAttribute("href");
  expect(href).toMatch(new RegExp(`^/api/incidents/${key}/attachments/[^/]+$`));
  const response = await vpage.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toBe("attachment; filename*=UTF-8''graph.png");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-type"]).toBe("image/png");
  expect(Buffer.from(await response.body()).equals(PNG)).toBe(true);
  const [file] = await Promise.all([vpage.waitForEvent("download"), download.click()]);
  expect(file.suggestedFilename()).toBe("graph.png");

  // A forged upload from the viewer's own browser session is refused and stores nothing.
  const beforeForged = seed<{ count: number; audit: number }>("attachment-count", { key });
  const forged = await vpage.request.post(`/api/incidents/${key}/attachments`, {
    multipart: { artifactKind: "GRAPHS", file: { name: "forged.png", mimeType: "image/png", buffer: PNG } },
  });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["content-type"]).toContain("application/problem+json");
  expect(((await forged.json()) as { detail: string }).detail).toBe("Your role does not allow this action.");
  expect(seed<{ count: number; audit: number }>("attachment-count", { key })).toEqual(beforeForged);
  await viewer.close();
});
