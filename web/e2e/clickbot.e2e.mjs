// The clickbot in real browsers against the real server: an administrator edits a node of the
// draft tree (a missing translation is shown on its field first), previews and publishes it;
// a visitor walks the live tree on the chat page — first choices beside the line picker, an
// article, Back, a chat node — into the chat queue; a professional in a second browser context
// accepts the chat and sees the path the visitor walked; another visitor walks to a
// contact-request node and leaves a request that becomes a task on its line. The citizen's views (also on a 360 px
// phone screen) and the admin tab are checked with axe-core and kept as screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ARTIFACTS, Harness, eventually } from "./harness.mjs";
import { accessible, checkView, fitsTheScreen, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h, { region: join(import.meta.dirname, "chat-region.toml") });
const PHONE = { width: 360, height: 740 };
const ADMIN = { username: "ylla", password: "Syysmyrsky-luukku-2026" };
let admin;
let agent;
let visitor;
let chatId;

const text = (fi, sv, en) => ({ fi, sv, en });
// The draft the administrator starts from: first page → symptoms → {self-care, chat, call me}.
const DRAFT = {
  root: "alku",
  nodes: [
    { id: "alku", kind: "choices", title: text("Miten voimme auttaa?", "Hur kan vi hjälpa?", "How can we help?"), text: text("", "", ""), choices: ["oireet"] },
    { id: "oireet", kind: "choices", title: text("Oireet", "Symtom", "Symptoms"), text: text("", "", ""), choices: ["ohje", "chat", "soitto"] },
    {
      id: "ohje",
      kind: "article",
      title: text("Flunssan itsehoito", "Egenvård vid förkylning", "Looking after a cold"),
      text: text("Lepää ja juo riittävästi.\n\nHätätilanteessa soita 112.", "Vila och drick tillräckligt.\n\nI nödsituationer, ring 112.", "Rest and drink enough.\n\nIn an emergency, call 112."),
    },
    { id: "chat", kind: "chat", title: text("Chattaa hoitajan kanssa", "Chatta med en skötare", "Chat with a nurse"), text: text("", "", ""), line_id: "chat" },
    {
      id: "soitto",
      kind: "contact_request",
      title: text("Soittakaa minulle", "Ring mig", "Call me"),
      text: text("Jätä pyyntö, niin päivystys soittaa sinulle.", "Lämna en begäran så ringer jouren dig.", "Leave a request and the duty line will call you."),
      line_id: "duty",
    },
  ],
};

async function checkCitizenView(page, view, name) {
  await accessible(page, view);
  await fitsTheScreen(page, view);
  await screenshot(page, name, { fullPage: true });
  await page.setViewportSize(PHONE);
  await accessible(page, `${view} at 360 px`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${view} is ${width} px wide on a phone`);
  await screenshot(page, `${name}-360`, { fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test("an administrator edits a node of the draft, sees a missing translation on its field, previews and publishes", async () => {
  const created = await h.api("POST", "/api/v1/users", { username: ADMIN.username, display_name: "Ylläpitäjä", password: ADMIN.password, roles: ["admin"] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const saved = await h.api("PUT", "/api/v1/clickbot/trees/main/draft", { version: 0, tree: DRAFT });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  admin = await newPage(running.browser);
  await signIn(admin, h.base, ADMIN.username, ADMIN.password);
  await admin.getByRole("link", { name: "Ylläpito" }).click();
  await admin.getByRole("tab", { name: "Klikkibotti" }).click();
  await admin.locator("[data-testid=bot-live-version][data-version='0']").waitFor();
  await admin.locator("[data-testid=bot-node-link][data-node=oireet]").click();
  const editor = admin.locator("[data-testid=bot-node-editor][data-node=oireet]");
  await editor.getByTestId("bot-title-fi").fill("Hengitystieoireet");
  await editor.getByTestId("bot-title-sv").fill("");
  await admin.getByTestId("bot-save").click();
  // The server names the node and field; the field says what is wrong.
  await editor.getByText(/is missing/).waitFor();
  assert.equal(await editor.getByTestId("bot-title-sv").getAttribute("aria-invalid"), "true");
  await checkView(admin, "the clickbot tab with a problem", "admin-clickbot-problem");

  await editor.getByTestId("bot-title-sv").fill("Luftvägssymtom");
  await admin.getByTestId("bot-save").click();
  await admin.getByTestId("bot-draft-version").getByText("versio 2").waitFor();
  assert.equal((await h.api("GET", "/api/v1/chat/clickbot")).body.version, 0, "nothing live before publishing");

  await admin.getByTestId("bot-preview-open").click();
  const preview = admin.getByTestId("bot-preview");
  await preview.getByRole("button", { name: "Hengitystieoireet" }).click();
  await preview.getByRole("heading", { name: "Hengitystieoireet" }).waitFor();
  await accessible(admin, "the clickbot preview");
  await screenshot(admin, "admin-clickbot-preview");
  await admin.getByRole("dialog").getByRole("button", { name: "Sulje" }).click();

  await admin.getByTestId("bot-publish").click();
  await admin.locator("[data-testid=bot-live-version][data-version='2']").waitFor();
  await checkView(admin, "the clickbot tab", "admin-clickbot");
  const audited = (await h.api("GET", "/api/v1/audit-log?limit=100")).body.items.map((a) => a.action);
  assert.ok(audited.includes("clickbot.published"), audited.join(" "));
});

test("a professional signs in and goes ready for chats", async () => {
  agent = await newPage(running.browser);
  await signIn(agent, h.base, "aino", h.agentPassword);
  await agent.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await agent.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");
});

test("the chat page shows the tree's first choices and the line picker together", async () => {
  visitor = await newPage(running.browser);
  await visitor.goto(h.base + "/chat/");
  await visitor.getByRole("heading", { name: "Keskustele ammattilaisen kanssa" }).waitFor();
  await visitor.getByRole("heading", { name: "Miten voimme auttaa?" }).waitFor();
  await visitor.getByRole("button", { name: "Hengitystieoireet" }).waitFor();
  await visitor.getByRole("radio", { name: /Chat-neuvonta/ }).waitFor();
  await checkCitizenView(visitor, "the chat page with the clickbot", "clickbot-first");
});

test("a visitor walks the tree: an article, back, and a chat node that starts the chat with the path", async () => {
  await visitor.getByRole("button", { name: "Hengitystieoireet" }).click();
  const heading = visitor.getByRole("heading", { name: "Hengitystieoireet", level: 1 });
  await heading.waitFor();
  assert.equal(await visitor.evaluate(() => document.activeElement?.id), "bot-title", "focus on the new node's heading");
  await visitor.getByRole("button", { name: "Flunssan itsehoito" }).click();
  await visitor.getByText("Hätätilanteessa soita 112.").waitFor();
  await checkCitizenView(visitor, "an article", "clickbot-article");
  await visitor.getByTestId("bot-back").click();
  await heading.waitFor();
  await visitor.getByRole("button", { name: "Chattaa hoitajan kanssa" }).click();
  await visitor.locator("[data-testid=bot-node][data-kind=chat]").waitFor();
  await checkCitizenView(visitor, "a chat node", "clickbot-chat-node");
  await visitor.getByTestId("bot-start-chat").click();
  await visitor.locator("[data-testid=chat-waiting]").waitFor();
  chatId = JSON.parse(await visitor.evaluate(() => sessionStorage.getItem("luukku.chat"))).chat_id;
  assert.match(chatId, /^c-/);
});

test("the professional accepts the chat and sees the path the visitor walked", async () => {
  const offer = agent.locator(`[data-testid=offer][data-item="${chatId}"]`);
  await offer.waitFor({ timeout: 15000 });
  await offer.getByRole("button", { name: /Hyväksy/ }).click();
  const chat = agent.locator(`[data-testid=desk-chat][data-chat="${chatId}"][data-state=active]`);
  await chat.waitFor({ timeout: 10000 });
  await chat.getByTestId("desk-chat-path").getByText("Polku: Miten voimme auttaa? › Hengitystieoireet › Chattaa hoitajan kanssa").waitFor();
  await visitor.locator("[data-testid=chat-active]").waitFor({ timeout: 10000 });
  await accessible(agent, "the desktop's chat with its path");
  await agent.locator("[data-testid=chat-panel]").screenshot({ path: join(ARTIFACTS, "desktop-chat-path.png") });
  const started = (await h.events("chat.started")).find((e) => e.stream === `chat/${chatId}`);
  assert.ok(started, "chat.started");
  assert.equal(started.data.clickbot, undefined, "the walk is personal data: left out of the feed by default");
});

test("a visitor walks to a contact-request node and leaves a request that becomes a task on its line", async () => {
  const caller = await newPage(running.browser);
  await caller.goto(h.base + "/chat/");
  await caller.getByRole("button", { name: "Hengitystieoireet" }).click();
  await caller.getByRole("button", { name: "Soittakaa minulle" }).click();
  const node = caller.locator("[data-testid=bot-node][data-kind=contact_request]");
  await node.getByText("Jätä pyyntö, niin päivystys soittaa sinulle.").waitFor();
  await checkCitizenView(caller, "a contact-request node", "clickbot-contact-node");
  await node.getByTestId("bot-contact-request").click();
  const form = caller.locator("[data-testid=contact-form]");
  await form.locator("[data-testid=contact-line]").getByText("Päivystys").waitFor();
  await form.getByLabel("Puhelinnumero").fill("040 765 4321");
  await form.getByLabel(/Mitä asiasi koskee/).fill("Kuumetta kolmatta päivää");
  await form.getByRole("button", { name: "Lähetä pyyntö" }).click();
  await caller.locator("[data-testid=contact-done]").waitFor();
  await checkCitizenView(caller, "the contact request sent from the clickbot", "clickbot-contact-done");
  // Back returns to the node the request was left from.
  await caller.locator("[data-testid=contact-done]").getByRole("button").click();
  await node.waitFor();

  let tasks = [];
  await eventually(async () => {
    const r = await h.api("GET", "/api/v1/tasks");
    tasks = r.body.items.filter((t) => t.routing.line === "duty" && t.reason === "contact_request");
    return tasks.length === 1;
  }, 5000, "a task on the duty line");
  assert.equal(tasks[0].number, "+358407654321");
  assert.equal(tasks[0].description, "Kuumetta kolmatta päivää");
  await caller.context().close();
});
