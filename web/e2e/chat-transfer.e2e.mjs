// Handing a chat on in real browsers against the real server (docs/chat.md, "Transfer and
// invite"): Aino (one browser context) takes a visitor's chat and transfers it to the queue of
// Agent Two's line; Agent Two (a second context) is offered it, sees the whole conversation
// and writes, and the visitor sees that they were transferred and that the chat goes on. Then
// Agent Two invites Aino, both write, the visitor sees who joined and who left, and Agent Two
// ends and completes the chat. Each view is checked with axe-core and kept as a screenshot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Harness, eventually } from "./harness.mjs";
import { accessible, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h, { region: join(import.meta.dirname, "chat-transfer-region.toml") });
const SECOND = { username: "toinen", password: "Syysaamu-luukku-2026" };
let aino;
let toinen;
let visitor;
let chatId;

const presence = async (agent) => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === agent)?.state.status;

async function ready(page, agent) {
  await page.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await page.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await presence(agent)) === "available", 5000, `${agent} available`);
}

async function write(page, text) {
  const input = page.getByLabel("Viesti");
  await input.fill(text);
  await input.press("Enter");
}

test("two professionals sign in in their own browsers and go ready", async () => {
  const created = await h.api("POST", "/api/v1/users", {
    username: SECOND.username,
    display_name: "Agent Two",
    password: SECOND.password,
    roles: ["agent"],
    agent: "a2",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  aino = await newPage(running.browser);
  await signIn(aino, h.base, "aino", h.agentPassword);
  await ready(aino, "a1");
  toinen = await newPage(running.browser);
  await signIn(toinen, h.base, SECOND.username, SECOND.password);
  await ready(toinen, "a2");
});

test("Aino takes a visitor's chat and they write", async () => {
  visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  // The line's label is what a visitor clicks (it covers the design system's hidden input).
  await visitor.locator("label", { hasText: "Chat-neuvonta" }).click();
  assert.ok(await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).isChecked(), "the line chosen");
  await visitor.getByLabel(/Nimesi/).fill("Maija");
  await visitor.getByRole("button", { name: "Aloita keskustelu" }).click();
  chatId = await eventually(async () => JSON.parse((await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))) ?? "null")?.chat_id, 5000, "the chat");
  await aino.locator(`[data-testid=offer][data-item="${chatId}"]`).getByRole("button", { name: /Hyväksy/ }).click();
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
  await write(visitor, "Hei, tarvitsen neuvolan apua");
  await aino.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "neuvolan apua" }).waitFor();
  await write(aino, "Siirrän sinut oikeaan palveluun.");
  await visitor.locator("[data-testid=chat-message][data-from=professional]", { hasText: "oikeaan palveluun" }).waitFor();
});

test("a transfer Aino's line cannot make is refused in words, and the chat stays hers", async () => {
  const chat = aino.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await chat.getByLabel("Kenelle").selectOption(`line:evening-chat`);
  await chat.getByRole("button", { name: "Siirrä" }).click();
  await chat.locator("[data-testid=desk-chat-hand-on-problem]", { hasText: "Palvelu on nyt suljettu." }).waitFor();
  await accessible(aino, "the desktop's transfer form with a refusal");
  assert.equal(await chat.getAttribute("data-state"), "active");
});

test("Aino transfers the chat to Agent Two's line; Agent Two sees its whole history and writes; the visitor goes on", async () => {
  const chat = aino.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await chat.getByLabel("Kenelle").selectOption("line:second-chat");
  await screenshot(aino, "desktop-chat-transfer");
  await chat.getByRole("button", { name: "Siirrä" }).click();
  // The chat leaves Aino's desktop, and the visitor is told where it went.
  await chat.waitFor({ state: "detached", timeout: 10000 });
  await visitor.locator("[data-testid=chat-handed-on]", { hasText: "Toinen chat" }).waitFor({ timeout: 10000 });
  await accessible(visitor, "the visitor's chat after a transfer");
  await screenshot(visitor, "chat-transferred");

  const offer = toinen.locator(`[data-testid=offer][data-item="${chatId}"]`);
  await offer.waitFor({ timeout: 15000 });
  await offer.getByRole("button", { name: /Hyväksy/ }).click();
  const theirs = toinen.locator(`[data-testid=desk-chat][data-chat="${chatId}"][data-state=active]`);
  await theirs.waitFor({ timeout: 10000 });
  await theirs.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "neuvolan apua" }).waitFor();
  await theirs.locator("[data-testid=desk-chat-message][data-from=professional]", { hasText: "oikeaan palveluun" }).waitFor();
  await accessible(toinen, "the desktop of the professional the chat was transferred to");
  await screenshot(toinen, "desktop-chat-transferred-in");
  await write(toinen, "Hei Maija, jatketaan tästä.");
  await visitor.locator("[data-testid=chat-message][data-from=professional]", { hasText: "jatketaan tästä" }).waitFor({ timeout: 5000 });
  await visitor.locator("[data-testid=chat-active]").waitFor();
  await write(visitor, "Kiitos!");
  await theirs.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "Kiitos!" }).waitFor();
  // One contact throughout: its move is an event of the chat and of the contact.
  await eventually(async () => (await h.events("chat.transferred")).some((e) => e.stream === `chat/${chatId}`), 5000, "chat.transferred");
  await eventually(async () => (await h.events("contact.transferred")).some((e) => JSON.stringify(e.data).includes(chatId)), 5000, "contact.transferred");
  await eventually(async () => (await presence("a1")) === "available", 5000, "Aino free again");
});

test("Agent Two invites Aino, both write, and the visitor sees who joined and who left", async () => {
  const chat = toinen.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await chat.getByLabel("Kenelle").selectOption("agent:a1");
  await chat.getByRole("button", { name: "Kutsu mukaan" }).click();
  await chat.locator("[data-testid=desk-chat-asking]").waitFor();
  const ask = aino.locator(`[data-testid=chat-ask][data-chat="${chatId}"][data-invite=true]`);
  await ask.waitFor({ timeout: 10000 });
  await accessible(aino, "the desktop with a colleague's invitation");
  await screenshot(aino, "desktop-chat-invitation");
  await ask.getByRole("button", { name: "Ota vastaan" }).click();
  const joined = aino.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await joined.locator("[data-testid=desk-chat-invited]").waitFor({ timeout: 10000 });
  await joined.locator("[data-testid=desk-chat-message]", { hasText: "jatketaan tästä" }).waitFor();
  await visitor.locator("[data-testid=chat-handed-on]", { hasText: "Aino liittyi keskusteluun." }).waitFor({ timeout: 5000 });

  await write(aino, "Aino tässä, autan myös.");
  await write(toinen, "Hienoa, kiitos Aino.");
  await visitor.locator("[data-testid=chat-message][data-from=professional]", { hasText: "autan myös" }).waitFor({ timeout: 5000 });
  await visitor.locator("[data-testid=chat-message][data-from=professional]", { hasText: "kiitos Aino" }).waitFor({ timeout: 5000 });
  await chat.locator("[data-testid=desk-chat-message]", { hasText: "autan myös" }).waitFor();
  await accessible(visitor, "the visitor's chat with two professionals");
  await accessible(aino, "the desktop of an invited colleague");
  await screenshot(visitor, "chat-two-professionals");

  await joined.getByRole("button", { name: "Poistu keskustelusta" }).click();
  await joined.waitFor({ state: "detached", timeout: 10000 });
  await visitor.locator("[data-testid=chat-handed-on]", { hasText: "Aino poistui keskustelusta." }).waitFor({ timeout: 5000 });
  for (const type of ["chat.invited", "chat.joined", "chat.left"]) {
    await eventually(async () => (await h.events(type)).some((e) => e.stream === `chat/${chatId}`), 5000, type);
  }
});

test("the holder ends and completes the chat as before", async () => {
  const chat = toinen.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await chat.getByRole("button", { name: "Lopeta chat" }).click();
  await visitor.locator("[data-testid=chat-ended]").waitFor({ timeout: 5000 });
  await chat.getByRole("button", { name: "Merkitse valmiiksi" }).click();
  await eventually(async () => (await h.events("contact.completed")).some((e) => JSON.stringify(e.data).includes(chatId)), 5000, "contact.completed");
  const stored = (await h.events("chat.message")).filter((e) => e.stream === `chat/${chatId}`);
  assert.deepEqual(
    stored.map((e) => e.data.seq),
    [1, 2, 3, 4, 5, 6],
  );
});
