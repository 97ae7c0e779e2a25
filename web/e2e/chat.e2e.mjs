// Chat in real browsers against the real server: a visitor opens the chat page, picks the chat
// line and waits; the professional (another browser context, signed in to the desktop) accepts
// the offer; messages, typing and read marks go both ways; the visitor reloads in the middle
// and sees the whole conversation once; a second visitor's chat opens a second tab with its
// unread count; the professional ends the chat, logs it on the customer card beside it and
// completes the contact. Every view of the chat page (also on a 360 px phone screen) and the
// desktop's chat panel is checked with axe-core and kept as a screenshot; the region's web
// site gets its Chat button from one script tag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { ARTIFACTS, Harness, eventually } from "./harness.mjs";
import { accessible, checkOnPhoneToo, fitsTheScreen, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h, { region: join(import.meta.dirname, "chat-region.toml") });
let agent;
let visitor;
let chatId;
let second; // the second visitor, in Swedish
let secondId;

const messagesOf = (page) =>
  page.locator("[data-testid=chat-message]").evaluateAll((els) => els.map((e) => [Number(e.dataset.seq), e.dataset.from, e.querySelector(".lk-msg-text").textContent]));

test("a professional signs in and goes ready for chats", async () => {
  agent = await newPage(running.browser);
  await signIn(agent, h.base, "aino", h.agentPassword);
  await agent.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await agent.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");
});

test("the chat page lists the chat lines, the closed one with when it opens", async () => {
  visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  await visitor.getByRole("heading", { name: "Keskustele ammattilaisen kanssa" }).waitFor();
  await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).waitFor();
  assert.equal(await visitor.getByRole("radio", { name: /Iltachat/ }).count(), 0, "a closed line is no choice");
  await visitor.locator("[data-testid=chat-closed-lines] li[data-line=evening-chat]").waitFor();
  await checkOnPhoneToo(visitor, "the chat page's first view", "chat-start");
  // The page is the citizen's own: none of the desktop's chunks.
  const scripts = await visitor.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith(".js")));
  assert.ok(scripts.some((s) => /\/assets\/chat-vendor-/.test(s)), scripts.join(" "));
  assert.ok(!scripts.some((s) => /\/assets\/(vendor|index)-/.test(s)), scripts.join(" "));
});

test("a visitor starts a chat and waits while it is offered; a second one waits in the queue with its position", async () => {
  await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).check();
  await visitor.getByLabel(/Nimesi/).fill("Maija");
  await visitor.getByRole("button", { name: "Aloita keskustelu" }).click();
  await visitor.locator("[data-testid=chat-waiting]").waitFor();
  chatId = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;
  assert.match(chatId, /^c-/);
  await accessible(visitor, "the waiting view while offered");

  // Routing offers one chat at a time: while Maija's is offered, the next visitor queues.
  second = await newPage(running.browser);
  await second.goto(h.base + "/chat/?lang=sv");
  await second.getByRole("heading", { name: "Chatta med en yrkesperson" }).waitFor();
  await second.getByRole("radio", { name: /Chattrådgivning/ }).check();
  await second.getByLabel(/Ditt namn/).fill("Kalle");
  await second.getByRole("button", { name: "Starta chatten" }).click();
  await second.locator("[data-testid=chat-position][data-position='1']").getByText("Du är nummer 1 i kön.").waitFor();
  await second.locator("[data-testid=chat-estimate]", { hasText: /Uppskattad väntetid/ }).waitFor();
  secondId = JSON.parse(await second.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;
  await checkOnPhoneToo(second, "the waiting view", "chat-waiting");
});

test("the professional is offered the chat and accepts it", async () => {
  const offer = agent.locator(`[data-testid=offer][data-item="${chatId}"]`);
  await offer.waitFor({ timeout: 15000 });
  assert.equal(await offer.getAttribute("data-channel"), "chat");
  await offer.getByText("Asiakas odottaa chatissa").waitFor();
  await accessible(agent, "the desktop with a chat offer");
  await screenshot(agent, "desktop-chat-offer");
  await offer.getByRole("button", { name: /Hyväksy/ }).click();
  await agent.locator(`[data-testid=desk-chat][data-chat="${chatId}"][data-state=active]`).waitFor({ timeout: 10000 });
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
});

test("messages go both ways with typing and read marks", async () => {
  const input = visitor.getByLabel("Viesti");
  await input.fill("Hei, kysyisin reseptin uusimisesta");
  // Typing shows on the desktop before the message is sent.
  await agent.locator("[data-testid=desk-chat-typing]", { hasText: "Maija kirjoittaa" }).waitFor({ timeout: 5000 });
  await input.press("Enter");
  await agent.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "reseptin uusimisesta" }).waitFor();
  // The desktop shows the chat: what the visitor wrote is read, and the visitor sees it read.
  await visitor.locator("[data-testid=chat-read]").waitFor({ timeout: 5000 });

  const reply = agent.getByLabel("Viesti");
  await reply.fill("Hei Maija! <b>Katsotaan</b> asiaa.");
  await visitor.locator("[data-testid=chat-typing]", { hasText: "kirjoittaa" }).waitFor({ timeout: 5000 });
  await reply.press("Enter");
  const shown = visitor.locator("[data-testid=chat-message][data-from=professional]");
  await shown.waitFor();
  // Text is text: the tags are shown as typed, nothing is bold.
  assert.equal(await shown.locator(".lk-msg-text").textContent(), "Hei Maija! <b>Katsotaan</b> asiaa.");
  assert.equal(await visitor.locator("[data-testid=chat-log] b").count(), 0);
  await agent.locator("[data-testid=desk-chat-read]").waitFor({ timeout: 5000 });

  await input.fill("Kiitos!\nToinen rivi");
  await input.press("Enter");
  await agent.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "Toinen rivi" }).waitFor();
  await checkOnPhoneToo(visitor, "the conversation", "chat-conversation");
  await accessible(agent, "the desktop's chat panel");
  await agent.locator("[data-testid=chat-panel]").screenshot({ path: join(ARTIFACTS, "desktop-chat-panel.png") });
  await screenshot(agent, "desktop-chat");
});

test("a visitor who reloads in the middle sees the whole conversation once and goes on", async () => {
  const before = await messagesOf(visitor);
  assert.equal(before.length, 3, JSON.stringify(before));
  await visitor.reload();
  await visitor.locator("[data-testid=chat-active]").waitFor();
  await eventually(async () => (await messagesOf(visitor)).length === before.length, 5000, "the conversation back");
  const after = await messagesOf(visitor);
  assert.deepEqual(after, before);
  assert.equal(new Set(after.map(([seq]) => seq)).size, after.length, "each message once");
  // And the chat goes on after the reload.
  await visitor.getByLabel("Viesti").fill("Vielä yksi kysymys");
  await visitor.getByLabel("Viesti").press("Enter");
  await agent.locator("[data-testid=desk-chat-message][data-from=visitor]", { hasText: "Vielä yksi kysymys" }).waitFor();
  const seqs = (await messagesOf(visitor)).map(([seq]) => seq);
  assert.deepEqual(seqs, [1, 2, 3, 4]);
});

test("the second chat, offered once the first is accepted, opens a second tab that counts its unread messages", async () => {
  await agent.locator(`[data-testid=offer][data-item="${secondId}"]`).getByRole("button", { name: /Hyväksy/ }).click();
  await second.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
  await second.getByLabel("Meddelande").fill("Hej");
  await second.getByLabel("Meddelande").press("Enter");
  const tab = agent.locator(`[data-testid=desk-chat-tab][data-chat="${secondId}"]`);
  await agent.locator(`[data-testid=desk-chat-tab][data-chat="${secondId}"][data-unread="1"]`).waitFor({ timeout: 5000 });
  await screenshot(agent, "desktop-chat-tabs");
  await accessible(agent, "the desktop with two chats");
  await tab.click();
  await agent.locator(`[data-testid=desk-chat-tab][data-chat="${secondId}"][data-unread="0"]`).waitFor();
  await second.locator("[data-testid=chat-read]").waitFor({ timeout: 5000 });
  // The second visitor leaves: the professional sees it ended and completes it.
  await second.getByRole("button", { name: "Avsluta chatten" }).click();
  await second.locator("[data-testid=chat-ended]").waitFor();
  const ended = agent.locator(`[data-testid=desk-chat][data-chat="${secondId}"][data-state=ended]`);
  await ended.getByText("Asiakas lopetti chatin.").waitFor();
  await ended.getByRole("button", { name: "Merkitse valmiiksi" }).click();
  await tab.waitFor({ state: "detached" });
  await second.context().close();
});

test("the professional ends the chat, the visitor sees it ended, and the contact is completed", async () => {
  await agent.locator(`[data-testid=desk-chat-tab][data-chat="${chatId}"]`).click();
  const chat = agent.locator(`[data-testid=desk-chat][data-chat="${chatId}"]`);
  await chat.getByRole("button", { name: "Lopeta chat" }).click();
  await chat.locator("[data-testid=desk-chat-ended]").waitFor();
  await visitor.locator("[data-testid=chat-ended]").getByText("Ammattilainen lopetti keskustelun.", { exact: false }).waitFor({ timeout: 5000 });
  await checkOnPhoneToo(visitor, "the ended view", "chat-ended");
  // The customer card beside the chat logs its contact, as after a call.
  const card = agent.locator(`[data-testid=chat-card][data-chat="${chatId}"]`);
  await card.getByTestId("chat-card-who").getByText("Maija", { exact: false }).waitFor();
  await card.getByLabel("Yhteydenoton syy").selectOption("advice");
  await card.getByLabel("Muistiinpano").fill("Resepti uusittu chatissa");
  await card.getByRole("button", { name: "Tallenna kirjaus" }).click();
  await card.getByTestId("chat-card-logged").getByText("Neuvonta — Resepti uusittu chatissa").waitFor();
  await accessible(agent, "the desktop's ended chat with its customer card");
  await screenshot(agent, "desktop-chat-ended");
  const logged = (await h.events("contact.logged")).find((e) => e.stream === `contact/${chatId}`);
  assert.ok(logged, "contact.logged on the chat's contact");
  assert.equal(logged.data.reason, "advice");
  await chat.getByRole("button", { name: "Merkitse valmiiksi" }).click();
  await agent.locator("[data-testid=chat-panel]").waitFor({ state: "detached" });
  await eventually(async () => (await h.events("contact.completed")).some((e) => JSON.stringify(e.data).includes(chatId)), 5000, "contact.completed");
  // Each message stored once, however often it was sent or shown.
  const stored = (await h.events("chat.message")).filter((e) => e.stream === `chat/${chatId}`);
  assert.deepEqual(stored.map((e) => e.data.seq), [1, 2, 3, 4]);
});

test("the region's web site gets a Chat button that opens the chat page in a panel", async () => {
  // The region's own page, on an origin of its own (another port), with the one script tag.
  const page = `<!doctype html><html lang="sv"><head><title>Regionen</title></head><body><main><h1>Regionen</h1></main><script src="${h.base}/chat/embed.js"></script></body></html>`;
  const region = createServer((_, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page));
  await new Promise((r) => region.listen(0, "127.0.0.1", r));
  const site = await newPage(running.browser);
  await site.goto(`http://127.0.0.1:${region.address().port}/`);
  const button = site.getByRole("button", { name: "Chatt", exact: true });
  await button.waitFor();
  assert.equal(await site.locator("iframe").count(), 0, "nothing loads before the button is pressed");
  await button.click();
  const frame = site.locator("iframe[data-luukku-chat=frame]");
  await frame.waitFor();
  assert.equal(await frame.getAttribute("src"), `${h.base}/chat/?lang=sv`);
  assert.equal(await button.getAttribute("aria-expanded"), "true");
  await accessible(site, "the region's page with the chat panel");
  await site.getByRole("button", { name: "Stäng chatten" }).waitFor();
  await site.keyboard.press("Escape");
  assert.equal(await button.getAttribute("aria-expanded"), "false");
  await site.context().close();
  region.close();
});
