// The customer card in a real browser against a real server with SIPp phones: an earlier call
// from a number, answered and then logged through the API, is on the card beside the next call
// from that number;
// the professional logs the call in hand and it shows in the history at once; the desktop
// reloaded in the middle of the call shows the call with its controls, and hold still works;
// once the call ends its card stays through the wrap-up and the contact is logged there.
// Colleagues are listed by team. Each view is checked with axe-core, laid out at 1366×768 and
// kept as a screenshot under the build directory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Harness, eventually, freePort } from "./harness.mjs";
import { accessible, fitsTheScreen, newPage, screenshot, serverAndBrowser, signIn } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h);
const NUMBER = "0401112222";
let page;
let earlier; // the earlier call's contact id
let caller; // the caller on the line while the card is used
let currentId; // that call's contact id

test("an earlier call from the number, answered on the desktop, is in its history and is logged through the API", async () => {
  page = await newPage(running.browser);
  await signIn(page, h.base, "aino", h.agentPassword);
  await page.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await page.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");
  const phonePort = await freePort();
  await h.sipp("desk-phone", "agent_answer.xml", 2, ["-d", "1000"], phonePort);
  await h.registerPhone("1001", phonePort);

  const first = await h.sipp("caller-earlier", "caller.xml", 1, ["-s", "116117", "-key", "caller", NUMBER, "-d", "3000"]);
  await page.locator("[data-testid=active-call][data-phase=answered]").waitFor({ timeout: 20000 });
  assert.equal(await first.wait(30000), 0, h.log("caller-earlier"));
  const history = await eventually(async () => {
    const r = await h.api("GET", `/api/v1/contacts?number=${NUMBER}`);
    return r.status === 200 && r.body.items.length === 1 && r.body.items[0].ended_at ? r.body : null;
  }, 10000, "the earlier call in the history");
  assert.equal(history.number, "+358401112222");
  assert.equal(history.items[0].outcome, "answered");
  assert.equal(history.items[0].agent, "a1");
  earlier = history.items[0].id;
  const logged = await h.api("POST", `/api/v1/contacts/${earlier}/log`, { reason: "medication", note: "Reseptin uusiminen." });
  assert.equal(logged.status, 201, JSON.stringify(logged.body));
  // Back to ready after the wrap-up.
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 10000, "a1 available again");
});

test("the card beside the call shows the number's earlier contacts, and the call in hand is logged", async () => {
  // The caller hangs up by themselves after 40 s (the API hangs up only outgoing calls).
  caller = await h.sipp("caller", "caller.xml", 1, ["-s", "116117", "-key", "caller", NUMBER, "-d", "40000"]);
  await page.locator("[data-testid=active-call][data-phase=answered]").waitFor({ timeout: 20000 });
  const card = page.locator("[data-testid=customer-card]");
  await card.getByText("+358401112222").first().waitFor();
  const earlierRow = card.locator(`tr[data-contact="${earlier}"]`);
  await earlierRow.getByText("Lääkitys").waitFor();
  await earlierRow.getByText("Reseptin uusiminen.").waitFor();
  const current = card.locator("tr[data-current=true]");
  await current.waitFor();
  currentId = await current.getAttribute("data-contact");

  // Colleagues by team: Agent Two under the duty team.
  await page.locator('[data-testid=colleague-team][data-team=duty] [data-testid=colleague][data-agent=a2]').waitFor();

  await page.getByLabel("Yhteydenoton syy").selectOption("advice");
  await page.getByLabel("Muistiinpano").fill("Kysyi laboratorion aukioloajoista.");
  await page.getByLabel("Palvelutarpeen arviointi käynnistetty").check();
  await screenshot(page, "desktop-card", { fullPage: true });
  await accessible(page, "desktop with the customer card");
  await fitsTheScreen(page, "desktop with the customer card");
  await page.getByRole("button", { name: "Tallenna kirjaus" }).click();
  await current.getByText("Neuvonta").waitFor();
  await current.getByText("Kysyi laboratorion aukioloajoista.").waitFor();
  await current.getByText("palvelutarpeen arviointi käynnistetty").waitFor();
  const event = (await h.events("contact.logged")).at(-1);
  assert.equal(event.stream, `contact/${currentId}`);
  assert.equal(event.data.actor.name, "aino");
  assert.equal(event.data.agent, "a1");
});

test("the desktop reloaded during the call shows the call with its controls, and hold still works", async () => {
  await page.reload();
  const call = page.locator("[data-testid=active-call][data-phase=answered]");
  await call.waitFor({ timeout: 10000 });
  await page.locator("[data-testid=customer-card] tr[data-current=true]").getByText("Neuvonta").waitFor();
  await page.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await page.keyboard.press("h");
  await page.locator("[data-testid=active-call][data-held=true]").waitFor();
  await screenshot(page, "desktop-card-reloaded", { fullPage: true });
  await accessible(page, "desktop reloaded during a call");
  await page.reload();
  // Reloaded while on hold: the call says so, and offers resume, not hold.
  await page.locator("[data-testid=active-call][data-held=true]").waitFor({ timeout: 10000 });
  await page.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await page.keyboard.press("h");
  await page.locator("[data-testid=active-call][data-held=false]").waitFor();
  assert.equal(await caller.wait(60000), 0, h.log("caller"));
  await page.locator("[data-testid=active-call]").waitFor({ state: "detached", timeout: 10000 });
});

test("when the call ends its card stays through the wrap-up, and the contact is logged there", async () => {
  // The last test's call has just ended: the professional is in wrap-up, the card is still here.
  const card = page.locator("[data-testid=customer-card][data-ended=true]");
  await card.waitFor();
  await card.getByText("+358401112222").first().waitFor();
  await card.locator(`tr[data-contact="${currentId}"]`).getByText("viimeisin puhelu").waitFor();
  await card.getByLabel("Yhteydenoton syy").selectOption("medication");
  await card.getByLabel("Muistiinpano").fill("Soitti takaisin lääkityksestä.");
  await accessible(page, "the customer card after the call");
  await screenshot(page, "desktop-card-wrap-up", { fullPage: true });
  await card.getByRole("button", { name: "Tallenna kirjaus" }).click();
  await card.locator(`tr[data-contact="${currentId}"]`).getByText("Soitti takaisin lääkityksestä.").waitFor();
  const event = (await h.events("contact.logged")).at(-1);
  assert.equal(event.stream, `contact/${currentId}`);
  assert.equal(event.data.reason, "medication");
  // Put away by the professional.
  await card.getByRole("button", { name: "Sulje asiakaskortti" }).click();
  await page.locator("[data-testid=customer-card]").waitFor({ state: "detached" });
});
