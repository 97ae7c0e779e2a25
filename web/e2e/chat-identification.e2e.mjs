// Identification in the middle of a chat, in real browsers against the real server and a real
// OpenID provider (oidc-provider.mjs): the professional asks, the visitor opens the provider in
// a new window and comes back identified, the conversation goes on, and the professional sees
// the name and, on request, the identity code. The visitor's browser trusts the provider's
// certificate made for the test; the server is given it as its ca_file.
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
      aino: { given_name: "Aino", family_name: "Asiakas", "urn:oid:1.2.246.21": "131052-308T" },
    },
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
  await popup.getByText("Olet tunnistautunut nimellä Aino Asiakas.").waitFor({ timeout: 20000 });
  assert.equal(await popup.getByText("131052").count(), 0, "the page does not show the code");
  await screenshot(popup, "chat-identification-done");
  await popup.close();
  await visitor.locator("[data-testid=chat-identified]", { hasText: "Aino Asiakas" }).waitFor({ timeout: 5000 });
  await agent.locator("[data-testid=desk-chat-identified]", { hasText: "Aino Asiakas" }).waitFor({ timeout: 5000 });
  await accessible(visitor, "the identified chat");
  await screenshot(visitor, "chat-identified", { fullPage: true });
});

test("the conversation goes on identified, and the professional sees the code on request", async () => {
  await visitor.getByLabel("Viesti").fill("Nyt olen tunnistautunut.");
  await visitor.getByLabel("Viesti").press("Enter");
  await agent.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "Nyt olen tunnistautunut." }).waitFor();
  assert.equal(await agent.locator("[data-testid=desk-chat-identity-code]").count(), 0, "the code shows only when asked for");
  await agent.locator("[data-testid=desk-chat-show-identity]").click();
  await agent.locator("[data-testid=desk-chat-identity-code]", { hasText: "131052-308T" }).waitFor();
  await accessible(agent, "the desktop with an identified chat");
  await agent.locator("[data-testid=chat-panel]").screenshot({ path: join(ARTIFACTS, "desktop-chat-identified.png") });
});
