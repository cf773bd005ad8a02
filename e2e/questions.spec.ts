import { expect, test, type Page, type Route } from "@playwright/test";
import { listQuestions, runbook } from "../lib/runbook/runbook";
import { seed } from "./support/db";
import { expectAccessible, signIn } from "./support/helpers";

const sections = runbook.review.sections;
const questions = listQuestions();

const newIncident = (title: string) => seed<{ id: string; key: string }>("incident", { title: `${title} ${Date.now()}` });
const answer = (page: Page, questionId: string) => page.getByTestId(`answer-${questionId}`);
const status = (page: Page, questionId: string) => answer(page, questionId).getByRole("status");
const textbox = (page: Page, text: string) => page.getByLabel(text, { exact: true });
const progress = (page: Page) => page.getByRole("progressbar", { name: "Review questions answered" });
const bodyFor = (id: string) => `Answer to ${id}: **confirmed** in the review.`;

test("a commander answers all 23 questions section by section; a reload keeps the section and every answer", async ({ page }) => {
  test.setTimeout(180_000);
  const { key } = newIncident("Questions walkthrough");
  await signIn(page, "commander@demo.test");
  await page.goto(`/incidents/${key}`);
  await page.getByRole("navigation", { name: "Review sections" }).getByRole("link", { name: "Review questions" }).click();
  await expect(page.getByRole("heading", { name: "Post-incident review questions", level: 2 })).toBeVisible();
  await expect(page.getByText(runbook.review.lead, { exact: true })).toBeVisible();
  await expect(progress(page)).toHaveAttribute("aria-valuenow", "0");
  await expect(progress(page)).toHaveAttribute("aria-valuemax", "23");
  await expectAccessible(page);

  for (const [i, section] of sections.entries()) {
    await expect(page.getByRole("heading", { name: section.title, level: 3 })).toBeVisible();
    if (i > 0) await expect(page).toHaveURL(new RegExp(`\\?section=${section.id.toLowerCase()}$`));
    // Only this section's questions are shown.
    for (const other of sections.filter((s) => s.id !== section.id)) await expect(textbox(page, other.questions[0]!.text)).toBeHidden();
    for (const q of section.questions) {
      await expect(answer(page, q.id).getByText(q.required ? "Required" : "Optional", { exact: true })).toBeVisible();
      await textbox(page, q.text).fill(bodyFor(q.id));
    }
    for (const q of section.questions) await expect(status(page, q.id)).toHaveText("Saved");
    const n = section.questions.length;
    await expect(page.getByRole("link", { name: new RegExp(`^${section.title} ${n}/${n}`) })).toHaveAttribute("aria-current", "step");

    if (i === 0) {
      // Preview renders the markdown; Write brings the same text back.
      const first = section.questions[0]!;
      await answer(page, first.id).getByRole("button", { name: "Preview" }).click();
      await expect(answer(page, first.id).getByTestId("answer-preview").locator("strong", { hasText: "confirmed" })).toBeVisible();
      await expect(textbox(page, first.text)).toBeHidden();
      await expectAccessible(page);
      await answer(page, first.id).getByRole("button", { name: "Write" }).click();
      await expect(textbox(page, first.text)).toHaveValue(bodyFor(first.id));
    } else {
      await expectAccessible(page);
    }
    const next = sections[i + 1];
    if (next) {
      await page.getByRole("button", { name: `Next: ${next.title}` }).click();
      await expect(page.getByRole("heading", { name: next.title, level: 3 })).toBeFocused();
    }
    if (i === 0) {
      // The browser's back button returns to the previous section, forward comes back.
      await page.goBack();
      await expect(page.getByRole("heading", { name: section.title, level: 3 })).toBeVisible();
      await page.goForward();
      await expect(page.getByRole("heading", { name: next!.title, level: 3 })).toBeVisible();
    }
  }

  await expect(progress(page)).toHaveAttribute("aria-valuenow", "23");
  await expect(page.getByText("23/23", { exact: true })).toBeVisible();
  await expect(page.getByText("21/21", { exact: true })).toBeVisible();

  // Reload: same section (from the URL), every answer stored.
  await page.reload();
  await expect(page).toHaveURL(/\?section=prevention$/);
  await expect(page.getByRole("heading", { name: "Prevention", level: 3 })).toBeVisible();
  await expect(progress(page)).toHaveAttribute("aria-valuenow", "23");
  await expect(page.getByText("23/23", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Previous: Recovery" }).click();
  await expect(page.getByRole("heading", { name: "Recovery", level: 3 })).toBeVisible();
  for (const section of sections) {
    await page.getByRole("navigation", { name: "Question sections" }).getByRole("link", { name: new RegExp(`^${section.title} `) }).click();
    await expect(page.getByRole("heading", { name: section.title, level: 3 })).toBeVisible();
    for (const q of section.questions) await expect(textbox(page, q.text)).toHaveValue(bodyFor(q.id));
  }
  expect(questions).toHaveLength(23);
  const stored = seed<{ n: number }[]>("sql", {
    query: `SELECT count(*)::int AS n FROM "QuestionAnswer" a JOIN "Incident" i ON i.id = a."incidentId" WHERE i.key = '${key}' AND a.version = 1`,
  });
  expect(stored[0]!.n).toBe(23);

  // The overview shows the same completeness.
  await page.getByRole("navigation", { name: "Review sections" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Review questions", level: 2 })).toBeVisible();
  await expect(progress(page)).toHaveAttribute("aria-valuenow", "23");
  await expectAccessible(page);
});

test("two commanders on one answer: the later save shows the conflict, Re-apply mine wins, History shows only accepted changes", async ({ browser }) => {
  test.setTimeout(120_000);
  const { key } = newIncident("Questions conflict");
  const url = `/incidents/${key}/questions?section=detection`;
  const [q, qA, qB] = sections[0].questions;
  const stamp = Date.now();
  const alpha = `Alpha: the p95 latency alert fired first (${stamp})`;
  const bravo = `Bravo: the timeout-rate alert fired first (${stamp})`;
  const refused = `${alpha} and nothing else`;

  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  await signIn(a, "commander@demo.test");
  await signIn(b, "commander@demo.test");
  await a.goto(url);
  await b.goto(url);

  // Different answers edited at the same time never conflict.
  await Promise.all([textbox(a, qA.text).fill(`A on impact (${stamp})`), textbox(b, qB.text).fill(`B on synthetics (${stamp})`)]);
  await expect(status(a, qA.id)).toHaveText("Saved");
  await expect(status(b, qB.id)).toHaveText("Saved");

  // Both type in the same answer. A saves first; B's page still holds the version it opened (0),
  // so B's save is the second one and is refused.
  await textbox(a, q.text).fill(alpha);
  await expect(status(a, q.id)).toHaveText("Saved");
  await textbox(b, q.text).fill(bravo);
  await expect(status(b, q.id)).toHaveText("Not saved: someone else changed this answer");
  const conflict = answer(b, q.id).getByRole("alert");
  await expect(conflict).toContainText("Someone else changed this since you opened it.");
  await expect(conflict.getByTestId("conflict-theirs")).toHaveText(alpha);
  await expect(conflict.getByTestId("conflict-yours")).toHaveText(bravo);
  await expect(textbox(b, q.text)).toHaveValue(bravo);
  await expectAccessible(b);
  await conflict.getByRole("button", { name: "Re-apply mine" }).click();
  await expect(status(b, q.id)).toHaveText("Saved");
  await expect(conflict).toBeHidden();

  // A is now behind: A's next save conflicts too, and A keeps B's text.
  await textbox(a, q.text).fill(refused);
  const conflictA = answer(a, q.id).getByRole("alert");
  await expect(conflictA.getByTestId("conflict-theirs")).toHaveText(bravo);
  await conflictA.getByRole("button", { name: "Keep theirs" }).click();
  await expect(textbox(a, q.text)).toHaveValue(bravo);
  await expect(conflictA).toBeHidden();
  await a.reload();
  await expect(textbox(a, q.text)).toHaveValue(bravo);

  // History: exactly the accepted changes of this answer (A's create, B's re-applied update), nothing refused.
  await a.goto(`/incidents/${key}/history`);
  await expect(a.getByRole("heading", { name: "History", level: 2 })).toBeVisible();
  await expectAccessible(a);
  const rows = a.getByRole("row").filter({ hasText: "QuestionAnswer" });
  await expect(rows).toHaveCount(4); // 2 for this answer + one create for each of the other two
  const forAnswer = rows.filter({ hasText: String(stamp) }).filter({ hasText: /Alpha|Bravo/ });
  await expect(forAnswer).toHaveCount(2);
  // Newest first: B's update (before: Alpha, after: Bravo), then A's create.
  const update = forAnswer.nth(0).getByRole("cell");
  await expect(update.nth(2)).toHaveText("update QuestionAnswer");
  await expect(update.nth(3)).toHaveText("body");
  await expect(update.nth(4)).toHaveText(alpha);
  await expect(update.nth(5)).toHaveText(bravo);
  const create = forAnswer.nth(1).getByRole("cell");
  await expect(create.nth(2)).toHaveText("create QuestionAnswer");
  await expect(create.nth(5)).toContainText(alpha);
  await expect(create.nth(5)).toContainText(q.id);
  await expect(a.getByText(refused)).toHaveCount(0);

  await contextA.close();
  await contextB.close();
});

test("a failed save keeps the typed text and offers Retry; an over-long answer is refused with a message", async ({ page }) => {
  const { key } = newIncident("Questions failure");
  const q = sections[1].questions[0];
  await signIn(page, "commander@demo.test");
  await page.goto(`/incidents/${key}/questions?section=diagnosis`);
  await expect(page.getByRole("heading", { name: "Diagnosis", level: 3 })).toBeVisible();

  // The network drops every save (server actions POST to the page URL).
  const dropSaves = (route: Route) =>
    route.request().method() === "POST" ? route.abort("connectionreset") : route.continue();
  await page.route(`**/incidents/${key}/questions**`, dropSaves);
  await textbox(page, q.text).fill("A 400 from the gateway at 09:12:41Z.");
  await expect(status(page, q.id)).toHaveText("Save failed — retry");
  await expect(answer(page, q.id).getByText("The server could not be reached. Your text is kept here.")).toBeVisible();
  await expect(textbox(page, q.text)).toHaveValue("A 400 from the gateway at 09:12:41Z.");
  await expectAccessible(page);

  await page.unroute(`**/incidents/${key}/questions**`, dropSaves);
  await answer(page, q.id).getByRole("button", { name: "Retry" }).click();
  await expect(status(page, q.id)).toHaveText("Saved");
  await expect(answer(page, q.id).getByRole("button", { name: "Retry" })).toHaveCount(0);

  // Too long: refused by the shared schema before sending; the text stays.
  const long = "x".repeat(20_001);
  await textbox(page, q.text).fill(long);
  await expect(status(page, q.id)).toHaveText("Save failed — retry");
  await expect(answer(page, q.id).getByText("Keep the answer under 20,000 characters.")).toBeVisible();
  await expect(textbox(page, q.text)).toHaveValue(long);

  // Leaving with unsaved text may ask first (beforeunload); leave anyway: the stored answer is the last accepted one.
  page.on("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await expect(textbox(page, q.text)).toHaveValue("A 400 from the gateway at 09:12:41Z.");
});

test("a viewer sees every question and the answers as markdown, and nothing to edit", async ({ page }) => {
  const { key } = newIncident("Questions viewer");
  seed("answers", {
    incidentKey: key,
    answers: {
      "detection.first-alert": "The **p95 latency** alert. <b>raw html</b><img src=x onerror=alert(1)>",
      "prevention.missing-panel": "- fallback share by route\n- resolved model id",
    },
  });
  await signIn(page, "viewer@demo.test");
  await page.goto(`/incidents/${key}/questions`);
  await expect(page.getByRole("heading", { name: "Post-incident review questions", level: 2 })).toBeVisible();
  for (const q of questions) await expect(page.getByRole("heading", { name: q.text, exact: true, level: 4 })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Write|Preview|Retry|Next: .*)$/ })).toHaveCount(0);

  const first = answer(page, "detection.first-alert");
  await expect(first.locator("strong", { hasText: "p95 latency" })).toBeVisible();
  await expect(first.locator("b, img")).toHaveCount(0);
  await expect(first.getByText("Required", { exact: true })).toBeVisible();
  const panel = answer(page, "prevention.missing-panel");
  await expect(panel.getByRole("listitem")).toHaveText(["fallback share by route", "resolved model id"]);
  await expect(panel.getByText("Optional", { exact: true })).toBeVisible();
  await expect(answer(page, "diagnosis.error-classes").getByText("Not answered yet.")).toBeVisible();
  await expect(progress(page)).toHaveAttribute("aria-valuenow", "2");
  await expect(page.getByText("1/21", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/incidents/${key}`);
  await expect(progress(page)).toHaveAttribute("aria-valuenow", "2");
  await expectAccessible(page);
});
