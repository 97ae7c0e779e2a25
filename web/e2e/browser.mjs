// The browser side of the web tests: Debian's Chromium (through playwright-core) kept off the
// network, pages at 1366×768 in Finnish and Helsinki time, and the checks every view gets —
// axe-core, fitting the screen, a screenshot — plus signing in by keyboard.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { ARTIFACTS } from "./harness.mjs";

const CHROMIUM = process.env.LUUKKU_CHROMIUM ?? "/usr/lib/chromium/chromium";
export const VIEWPORT = { width: 1366, height: 768 };

// Debian's Chromium, headless and off the network, with a fake camera and microphone.
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      ...extraArgs,
    ],
  });
}

// Starts the harness's server and a browser before the file's tests and stops both after them;
// the browser is `.browser` of what it returns once the tests run. `options` go to h.start().
export function serverAndBrowser(h, options = {}) {
  const running = { browser: undefined };
  before(async () => {
    await h.start(options);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await h.stop();
  });
  return running;
}

export async function newPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "fi-FI", timezoneId: "Europe/Helsinki" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
}

// axe-core: nothing serious or critical on the view as it is now.
export async function accessible(page, view) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`).join("; ")})`),
    [],
    `accessibility of ${view}`,
  );
}

// The view fits 1366 px: no sideways scrolling.
export async function fitsTheScreen(page, view) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= VIEWPORT.width, `${view} is ${width} px wide`);
}

// The visible part of the view, or with `fullPage` all of it (what is scrolled to as well).
export async function screenshot(page, name, { fullPage = false } = {}) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

// Signs in by keyboard alone: the username field has the focus.
export async function signIn(page, base, username, password) {
  await page.goto(base + "/");
  await page.getByLabel("Käyttäjätunnus").waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
}

// All three checks of a main view, and its screenshot kept as `name`.png.
export async function checkView(page, view, name) {
  await accessible(page, view);
  await fitsTheScreen(page, view);
  await screenshot(page, name);
}

export const PHONE = { width: 360, height: 740 };

// A citizen's page as it is now: the checks of a main view at the desktop's size (the whole
// page kept as `name`.png), then axe-core and no sideways scrolling on a 360 px phone screen
// (kept as `name`-360.png).
export async function checkOnPhoneToo(page, view, name) {
  await accessible(page, view);
  await fitsTheScreen(page, view);
  await screenshot(page, name, { fullPage: true });
  await page.setViewportSize(PHONE);
  await accessible(page, `${view} at 360 px`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${view} is ${width} px wide on a phone`);
  await screenshot(page, `${name}-360`, { fullPage: true });
  await page.setViewportSize(VIEWPORT);
}
