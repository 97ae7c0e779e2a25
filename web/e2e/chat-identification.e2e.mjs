// Identification in the middle of a chat, in real browsers against the real server and a real
// OpenID provider (oidc-provider.mjs): the professional asks, the visitor opens the provider in
// a new window and comes back identified, the conversation goes on, the visitor says they act
// for their child (the demo's development registers know Matti Meikäläinen as Lilja's
// guardian), and the professional sees who acts for whom and, on request, both identity codes.
// The visitor's browser trusts the provider's certificate made for the test; the server is
// given it as its ca_file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ARTIFACTS, Harness } from "./harness.mjs";
import { accessible, launchBrowser, newPage, screenshot, signIn, VIEWPORT } from "./browser.mjs";

const h = new Harness();
const running = { browser: undefined };
before(async () => {
  await h.start({
    region: join(import.meta.dirname, "chat-region.toml"),
    identification: {
      matti: { given_name: "Matti", family_name: "Meikäläinen", "urn:oid:1.2.246.21": "120384-9128" },
    },
    onBehalf: true,
  });
  running.browser = await launchBrowser();
});
after(async () => {
  await running.browser?.close();
  await h.stop();
});

let agent;
let visitor;
let chatId;

test("a visitor's chat is accepted by the professional", async () => {
  agent = await newPage(running.browser);
  await signIn(agent, h.base, "aino", h.agentPassword);
  await agent.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await agent.locator("label", { hasText: "Valmis" }).click();

  const context = await running.browser.newContext({ viewport: VIEWPORT, locale: "fi-FI", timezoneId: "Europe/Helsinki", ignoreHTTPSErrors: true });
  visitor = await context.newPage();
  visitor.on("pageerror", (e) => console.error("page error:", e.message));
  await visitor.goto(h.base + "/chat/");
  await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).check();
  await visitor.getByRole("button", { name: "Aloita keskustelu" }).click();
  await visitor.locator("[data-testid=chat-waiting]").waitFor();
  chatId = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;

  const offer = agent.locator(`[data-testid=offer][data-item="${chatId}"]`);
  await offer.waitFor({ timeout: 15000 });
  await offer.getByRole("button", { name: /Hyväksy/ }).click();
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
  assert.equal(await visitor.locator("[data-testid=chat-identification-asked]").count(), 0, "nothing is asked yet");
});

test("the professional asks the visitor to identify", async () => {
  await agent.locator("[data-testid=desk-chat-ask-identity]").click();
  await agent.locator("[data-testid=desk-chat-identification-asked]").waitFor();
  await visitor.locator("[data-testid=chat-identification-asked]").waitFor({ timeout: 5000 });
  await accessible(visitor, "the chat asking for identification");
  await screenshot(visitor, "chat-identification-asked", { fullPage: true });
});

test("the visitor identifies at the provider in a new window and the chat shows it", async () => {
  const [popup] = await Promise.all([visitor.waitForEvent("popup"), visitor.locator("[data-testid=chat-identify]").click()]);
  await popup.getByText("Olet tunnistautunut nimellä Matti Meikäläinen.").waitFor({ timeout: 20000 });
  assert.equal(await popup.getByText("120384").count(), 0, "the page does not show the code");
  await screenshot(popup, "chat-identification-done");
  await popup.close();
  await visitor.locator("[data-testid=chat-identified]", { hasText: "Matti Meikäläinen" }).waitFor({ timeout: 5000 });
  await agent.locator("[data-testid=desk-chat-identified]", { hasText: "Matti Meikäläinen" }).waitFor({ timeout: 5000 });
  await accessible(visitor, "the identified chat");
  await screenshot(visitor, "chat-identified", { fullPage: true });
});

test("the visitor says they act for their child, and both sides see it", async () => {
  await visitor.locator("[data-testid=chat-on-behalf-find]").click();
  const form = visitor.locator("[data-testid=chat-on-behalf-form]");
  await form.waitFor();
  const names = await form.locator("label").allTextContents();
  assert.ok(names.some((n) => n.includes("Lilja Meikäläinen")), names.join(", "));
  assert.ok(!names.some((n) => n.includes("Eetu")), "a child of 12 or more acts for themselves");
  await accessible(visitor, "choosing whom to act for");
  await screenshot(visitor, "chat-on-behalf-choosing", { fullPage: true });
  await form.locator("label", { hasText: "Lilja Meikäläinen" }).click();  // it covers the hidden input
  assert.ok(await visitor.getByRole("radio", { name: /Lilja Meikäläinen/ }).isChecked(), "Lilja chosen");
  await visitor.locator("[data-testid=chat-on-behalf-confirm]").click();
  await visitor.locator("[data-testid=chat-on-behalf]", { hasText: "Lilja Meikäläinen" }).waitFor({ timeout: 5000 });
  await agent.locator("[data-testid=desk-chat-on-behalf]", { hasText: "Lilja Meikäläinen" }).waitFor({ timeout: 5000 });
  await accessible(visitor, "the chat acting for a child");
  await screenshot(visitor, "chat-on-behalf", { fullPage: true });
});

test("the conversation goes on identified, and the professional sees the codes on request", async () => {
  await visitor.getByLabel("Viesti").fill("Nyt olen tunnistautunut.");
  await visitor.getByLabel("Viesti").press("Enter");
  await agent.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "Nyt olen tunnistautunut." }).waitFor();
  assert.equal(await agent.locator("[data-testid=desk-chat-identity-code]").count(), 0, "the code shows only when asked for");
  await agent.locator("[data-testid=desk-chat-show-identity]").click();
  await agent.locator("[data-testid=desk-chat-identity-code]", { hasText: "120384-9128" }).waitFor();
  await agent.locator("[data-testid=desk-chat-principal-code]", { hasText: "050319A9141" }).waitFor();
  await accessible(agent, "the desktop with an identified chat");
  await agent.locator("[data-testid=chat-panel]").screenshot({ path: join(ARTIFACTS, "desktop-chat-identified.png") });
});
