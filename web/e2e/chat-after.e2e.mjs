// What comes when nobody can chat and after a chat, in real browsers against the real server:
// a visitor on a closed line leaves a contact request with the page's form and it becomes a
// task on the line; a visitor whose line has nobody free is offered the form at once; a chat
// ends, the visitor rates it and the feedback is stored; the supervisor's reports show the
// chat's figures. Every view is checked with axe-core (the chat page also on a 360 px phone)
// and kept as a screenshot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Harness, eventually } from "./harness.mjs";
import { accessible, checkOnPhoneToo, fitsTheScreen, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h, { region: join(import.meta.dirname, "chat-after-region.toml") });
let chatId;

// Two lines are open, so none is chosen for the visitor: they choose by the line's name (its
// label, which lies over suomi.fi's radio button).
async function choose(page, name) {
  await page.locator("label", { hasText: name }).click();
  assert.ok(await page.getByRole("radio", { name }).isChecked(), `${name} chosen`);
}

async function tasksOn(line) {
  const r = await h.api("GET", "/api/v1/tasks");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((t) => t.routing.line === line);
}

test("a visitor on a closed line leaves a contact request that becomes a task on the line", async () => {
  const visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  const closed = visitor.locator("[data-testid=chat-closed-lines] li[data-line=evening-chat]");
  await closed.waitFor();
  await closed.getByRole("button", { name: "Jätä yhteydenottopyyntö" }).click();
  const form = visitor.locator("[data-testid=contact-form]");
  await form.waitFor();
  await form.getByText("Iltachat").waitFor();
  // Nothing filled in: the number is asked for, on its field.
  await form.getByRole("button", { name: "Lähetä pyyntö" }).click();
  await form.getByText("Kirjoita puhelinnumero.").waitFor();
  assert.equal(await visitor.evaluate(() => document.activeElement?.getAttribute("type")), "tel", "the focus moves to the number");
  // A number the server does not take: its reason shows on the field.
  await form.getByLabel("Puhelinnumero").fill("+0 123");
  await form.getByLabel(/Mitä asiasi koskee/).fill("Reseptin uusiminen");
  await form.getByRole("button", { name: "Lähetä pyyntö" }).click();
  await form.getByText(/Tarkista puhelinnumero. \(.*number/).waitFor();
  await checkOnPhoneToo(visitor, "the contact-request form with an error", "after-contact-form");
  await form.getByLabel("Puhelinnumero").fill("040 123 4567");
  await form.getByLabel(/Nimesi/).fill("Aino Mäki");
  await form.getByLabel(/Mitä asiasi koskee/).fill("Reseptin uusiminen,\nsoittakaa iltapäivällä");
  await form.locator("[data-testid=contact-counter]").getByText(/merkkiä jäljellä/).waitFor();
  await form.getByRole("button", { name: "Lähetä pyyntö" }).click();
  const done = visitor.locator("[data-testid=contact-done]");
  await done.waitFor();
  await done.getByText(/Sinulle soitetaan/).waitFor();
  await checkOnPhoneToo(visitor, "the contact request's confirmation", "after-contact-done");

  await eventually(async () => (await tasksOn("evening-chat")).length === 1, 5000, "a task on the closed line");
  const [task] = await tasksOn("evening-chat");
  assert.equal(task.number, "+358401234567");
  assert.equal(task.reason, "contact_request");
  assert.equal(task.requester_name, "Aino Mäki");
  assert.equal(task.description, "Reseptin uusiminen,\nsoittakaa iltapäivällä");
  await visitor.context().close();
});

test("a visitor whose line has nobody free is offered the form at once", async () => {
  const visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/?lang=en");
  await choose(visitor, "Busy chat");
  await visitor.getByRole("button", { name: "Start the chat" }).click();
  const form = visitor.locator("[data-testid=contact-form]");
  await form.locator("[data-testid=contact-reason]").getByText("Chat is not available now.", { exact: false }).waitFor();
  await form.getByLabel("Phone number").fill("+358 50 765 4321");
  await form.getByLabel("What is it about?").fill("Please call me back");
  await form.getByRole("button", { name: "Send the request" }).click();
  const due = visitor.locator("[data-testid=contact-due]");
  await due.getByText(/We will call you by/).waitFor();
  assert.ok((await due.getAttribute("data-due")).length > 0, "the answer's due time");
  await accessible(visitor, "the confirmation in English");
  await eventually(async () => (await tasksOn("busy-chat")).length === 1, 5000, "a task on the busy line");
  await visitor.context().close();
});

test("a visitor who would rather not wait may ask for a call instead", async () => {
  const visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/?lang=sv");
  await choose(visitor, "Chattrådgivning");
  await visitor.getByRole("button", { name: /Jag vill inte vänta/ }).click();
  await visitor.locator("[data-testid=contact-form]").getByText("Chattrådgivning").waitFor();
  await accessible(visitor, "the form chosen instead of waiting");
  await visitor.getByRole("button", { name: "Tillbaka" }).click();
  await visitor.locator("[data-testid=chat-start]").waitFor();
  await visitor.context().close();
});

test("after a chat the visitor gives feedback, and it is stored", async () => {
  const ready = await h.api("PUT", "/api/v1/agents/a1/presence", { status: "available" });
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  const visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  await choose(visitor, "Chat-neuvonta");
  await visitor.getByRole("button", { name: "Aloita keskustelu" }).click();
  await visitor.locator("[data-testid=chat-waiting]").waitFor();
  chatId = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;
  await eventually(async () => (await h.api("POST", "/api/v1/agents/a1/offers/accept", { kind: "contact", id: chatId })).status === 200, 10000, "the offer accepted");
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
  const sent = await h.api("POST", `/api/v1/chats/${chatId}/messages`, { client_id: "p-1", text: "Hei, miten voin auttaa?" });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const ended = await h.api("POST", `/api/v1/chats/${chatId}/end`, {});
  assert.equal(ended.status, 200, JSON.stringify(ended.body));

  const feedback = visitor.locator("[data-testid=feedback-form]");
  await feedback.waitFor({ timeout: 5000 });
  // No rating chosen: the group says so.
  await feedback.getByRole("button", { name: "Lähetä palaute" }).click();
  await feedback.getByText("Valitse arvio 1–5.").waitFor();
  await feedback.locator("label", { hasText: "4 – Hyvin" }).click();
  await feedback.getByLabel(/Kerro lisää/).fill("Sain avun nopeasti.");
  await checkOnPhoneToo(visitor, "the ended chat with its feedback form", "after-feedback-form");
  await feedback.getByRole("button", { name: "Lähetä palaute" }).click();
  await visitor.locator("[data-testid=feedback-done]").getByText("Kiitos palautteestasi!").waitFor();
  await checkOnPhoneToo(visitor, "the thank-you", "after-feedback-thanks");

  // Stored once on the chat's stream; its words only for a reader of personal data.
  await eventually(async () => (await h.events("chat.feedback")).some((e) => e.stream === `chat/${chatId}`), 5000, "chat.feedback");
  const [plain] = (await h.events("chat.feedback")).filter((e) => e.stream === `chat/${chatId}`);
  assert.equal(plain.data.rating, 4);
  assert.equal(plain.data.text, undefined, "the words are personal data");
  const personal = await h.api("GET", `/api/v1/events?after=${plain.seq - 1}&limit=1&personal=true`);
  assert.equal(personal.body.items[0].data.text, "Sain avun nopeasti.");
  // Once per chat.
  const token = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).token;
  const again = await fetch(h.base + "/api/v1/chat/feedback", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, token, rating: 1 }),
  });
  assert.equal(again.status, 409);
  // The professional completes the contact: the chat is answered.
  const complete = await h.api("POST", `/api/v1/contacts/${chatId}/complete`, { agent: "a1" });
  assert.equal(complete.status, 200, JSON.stringify(complete.body));
  await visitor.context().close();
});

test("the reports show the chat figures", async () => {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki" }).format(new Date());
  await eventually(
    async () => {
      const r = await h.api("GET", `/api/v1/reports/chats?from=${today}&to=${today}&period=day`);
      const all = r.body?.items?.find((i) => i.line === "*");
      return all?.answered === 1 && all?.feedback.count === 1;
    },
    10000,
    "the chat in the report",
  );
  const page = await newPage(running.browser);
  await signIn(page, h.base, "sirpa", h.supervisorPassword);
  await page.getByRole("navigation").getByRole("link", { name: "Raportit" }).click();
  await page.getByRole("heading", { name: "Raportit", level: 1 }).waitFor();
  await page.getByRole("tab", { name: "Chatit" }).click();
  const table = page.locator("[data-testid=chats-table]");
  await table.waitFor();
  const all = table.locator("tr[data-line='*']").first();
  assert.equal(await all.locator("[data-testid=answered]").textContent(), "1");
  assert.equal(await all.locator("[data-testid=abandoned]").textContent(), "0");
  const feedback = page.locator("[data-testid=chat-feedback-table] tr[data-line='*']").first();
  assert.equal(await feedback.locator("[data-testid=feedback]").textContent(), "1");
  assert.equal(await feedback.locator("[data-testid=rating-4]").textContent(), "1");
  await accessible(page, "the chat report");
  await fitsTheScreen(page, "the chat report");
  await screenshot(page, "after-reports-chats", { fullPage: true });
  await page.context().close();
});
