// Loads the LlmRouter gateway dashboard in headless Chromium (Debian's, driven by playwright-core), signs in with a
// gateway key, and checks that the charts show the usage of the requests the calling test just made. Saves a screenshot.
// Driven by tests/LlmRouter.AspNetCore.Tests (Dashboard/DashboardBrowserTests). Exits non-zero on the first failure.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

const url = process.env.DASHBOARD_URL;
const key = process.env.GATEWAY_KEY;
const screenshot = process.env.SCREENSHOT;
const expected = JSON.parse(process.env.EXPECTED_TOKENS ?? "{}"); // model key -> tokens
const absent = JSON.parse(process.env.ABSENT_MODELS ?? "[]");
const requested = JSON.parse(process.env.EXPECTED_REQUESTED ?? "[]");
assert.ok(url && key && screenshot, "DASHBOARD_URL, GATEWAY_KEY and SCREENSHOT must be set");

const profile = mkdtempSync(join(tmpdir(), "llmrouter-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 1100 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const origin = new URL(url).origin;
  const foreign = [];
  const problems = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) foreign.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error" && !m.text().includes("401")) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));

  await page.goto(url, { waitUntil: "load" });
  await page.locator("#login").waitFor({ state: "visible", timeout: 15_000 }); // the data is behind the key
  await page.fill("#key", key);
  await page.click("#login button[type=submit]");
  await page.locator("body[data-loaded=true]").waitFor({ timeout: 15_000 });

  for (const [model, tokens] of Object.entries(expected)) {
    const sel = (chart) => `#${chart} rect[data-model="${model}"]`;
    await page.locator(sel("chart-spend")).first().waitFor({ timeout: 10_000 });
    const dayValues = await page.locator(sel("chart-tokens")).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    assert.equal(dayValues.reduce((a, b) => a + b, 0), tokens, `tokens chart for ${model}`);
    const total = Number(await page.locator(sel("chart-models")).getAttribute("data-value"));
    assert.equal(total, tokens, `by-model chart for ${model}`);
    const spend = await page.locator(sel("chart-spend")).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
    assert.ok(spend.reduce((a, b) => a + b, 0) > 0, `spend chart for ${model}`);
    assert.equal(await page.locator(`#legend [data-model="${model}"]`).count(), 1, `legend for ${model}`);
  }
  for (const model of absent) {
    assert.equal(await page.locator(`rect[data-model="${model}"]`).count(), 0, `${model} belongs to another tenant`);
  }
  for (const r of requested) {
    assert.ok(await page.locator(`#recent tr[data-requested="${r}"]`).count() > 0, `recent route for ${r}`);
  }
  const failedAttempts = await page.locator("#recent li.failed").count();
  assert.ok(failedAttempts > 0, "a failed attempt is listed");
  assert.ok(await page.locator('#providers tr[data-provider="openai"] .dot.ok').count() === 1, "openai shown healthy");
  assert.deepEqual(foreign, [], "nothing is fetched from anywhere but the gateway");
  assert.deepEqual(problems, [], "no script or policy errors");

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ok: true, screenshot }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
