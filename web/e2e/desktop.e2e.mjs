// The web app in a real browser (Debian's Chromium driven by playwright-core) against a real
// server with SIPp phones: signing in, going ready, an offered call on the desktop, the
// supervisor seeing the queue change, a callback task called back and completed from the
// desktop, and a call handed to a colleague after a consultation. Each view is checked with axe-core, used by keyboard, laid out at 1366×768 and
// kept as a screenshot under the build directory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Harness, eventually, freePort } from "./harness.mjs";
import { accessible, fitsTheScreen, newPage as openPage, screenshot, serverAndBrowser, signIn as signInAt } from "./browser.mjs";

const h = new Harness();
const running = serverAndBrowser(h);
let agentPage;
let supervisorPage;
let phonePort;
let phone; // the agent's desk phone (SIPp): answers every call after ringing a while
let voiceCaller; // a caller who leaves a voice message

const newPage = () => openPage(running.browser);
const signIn = (page, username, password) => signInAt(page, h.base, username, password);

test("a professional signs in with a password and sees the desktop", async () => {
  agentPage = await newPage();
  // The app's own and its libraries' scripts come compressed (the build's gzip copies; files
  // under 1 kB have none) and run as such.
  const scripts = [];
  agentPage.on("response", (r) => {
    if (/\/assets\/(index|vendor)-[^/]+\.js$/.test(r.url())) scripts.push(r);
  });
  await agentPage.goto(h.base + "/");
  await agentPage.getByLabel("Käyttäjätunnus").waitFor();
  await accessible(agentPage, "sign-in");
  await fitsTheScreen(agentPage, "sign-in");
  await screenshot(agentPage, "sign-in");
  // Without a provider configured there is no single sign-on button.
  assert.equal(await agentPage.getByText("kertakirjautumisella").count(), 0);

  await signIn(agentPage, "aino", h.agentPassword);
  await agentPage.getByRole("heading", { name: "Työni" }).waitFor();
  await agentPage.locator('[data-testid=feed-status][data-status=live]').waitFor();
  assert.ok(scripts.length >= 2, `${scripts.length} scripts`);
  for (const r of scripts) {
    const headers = await r.allHeaders();
    assert.equal(headers["content-encoding"], "gzip", r.url());
  }
  // No gateway on this server: the browser phone says it is unavailable, the desk phone rings.
  await agentPage.locator("[data-testid=phone-status][data-status=unavailable]").waitFor();
});

test("going ready from the desktop makes the agent available", async () => {
  await agentPage.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");
  await agentPage.getByText("Vapaa", { exact: true }).first().waitFor();
  phonePort = await freePort();
  phone = await h.sipp("desk-phone", "agent_answer.xml", 3, ["-d", "2500"], phonePort);
  await h.registerPhone("1001", phonePort);
});

test("a caller is offered to the agent and the offer shows on the desktop with its countdown", async () => {
  // The caller stays until the professional hangs up (the E key, below): however slow the
  // checks on the way, the call is still there for them.
  const caller = await h.sipp("caller-1", "caller_until_bye.xml", 1, ["-s", "116117", "-key", "caller", "0401234567"]);
  const offer = agentPage.locator("[data-testid=offer]");
  await offer.waitFor({ timeout: 10000 });
  const seen = Date.now();
  const made = (await h.events("offer.made")).at(-1);
  const late = seen - new Date(made.time).getTime();
  console.log(`the offer was on screen ${late} ms after offer.made`);
  assert.ok(late < 1000, `the offer was on screen ${late} ms after its event`);
  await agentPage.getByText("Saapuva puhelu — Päivystys").waitFor();
  await screenshot(agentPage, "desktop-offer");
  await accessible(agentPage, "desktop with an offer");
  await fitsTheScreen(agentPage, "desktop with an offer");
  // The desk phone answers: the call is the agent's, with its controls.
  const call = agentPage.locator("[data-testid=active-call][data-phase=answered]");
  await call.waitFor({ timeout: 15000 });
  // Hold and resume by keyboard.
  await agentPage.keyboard.press("h");
  await agentPage.locator("[data-testid=active-call][data-held=true]").waitFor();
  await screenshot(agentPage, "desktop-call");
  await accessible(agentPage, "desktop with a call");
  await agentPage.keyboard.press("h");
  await agentPage.locator("[data-testid=active-call][data-held=false]").waitFor();
  // Hang up by keyboard: Luukku hangs up on the caller.
  await agentPage.keyboard.press("e");
  assert.equal(await caller.wait(30000), 0, h.log("caller-1"));
  await agentPage.locator("[data-testid=active-call]").waitFor({ state: "detached", timeout: 10000 });
});

test("a supervisor sees a caller join the queue within a second of the event", async () => {
  supervisorPage = await newPage();
  await signIn(supervisorPage, "sirpa", h.supervisorPassword);
  await supervisorPage.getByRole("heading", { name: "Palvelulinjat" }).waitFor();
  await supervisorPage.locator("[data-testid=feed-status][data-status=live]").waitFor();
  const duty = supervisorPage.locator('tr[data-line="duty"]');
  // Today's figures so far, replayed from the day's events.
  assert.equal(await duty.locator("[data-testid=offered]").textContent(), "1");
  assert.equal(await duty.locator("[data-testid=answered]").textContent(), "1");
  assert.equal(await duty.locator("[data-testid=abandoned]").textContent(), "0");

  // The agent's desk phone rings for a while before it answers: the caller waits meanwhile.
  const caller = await h.sipp("caller-2", "caller.xml", 1, ["-s", "116117", "-key", "caller", "0407654321", "-d", "6000"]);
  await duty.locator("[data-testid=waiting]", { hasText: "1" }).waitFor({ timeout: 10000 });
  const seen = Date.now();
  const queued = (await h.events("contact.queued")).at(-1);
  const late = seen - new Date(queued.time).getTime();
  console.log(`the supervisor saw the caller queue ${late} ms after contact.queued`);
  assert.ok(late < 1000, `shown ${late} ms after the event`);
  await screenshot(supervisorPage, "supervisor");
  await accessible(supervisorPage, "supervisor");
  await fitsTheScreen(supervisorPage, "supervisor");
  await duty.locator("[data-testid=answered]", { hasText: "2" }).waitFor({ timeout: 15000 });
  await duty.locator("[data-testid=waiting]", { hasText: "0" }).waitFor();
  assert.equal(await caller.wait(30000), 0, h.log("caller-2"));
});

test("a supervisor sets an agent on a break, and a caller then gets a callback task", async () => {
  await supervisorPage.getByRole("button", { name: "Aseta tauolle: Agent One" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "break", 5000, "a1 on a break");
  await agentPage.getByText("Tauolla", { exact: true }).first().waitFor();
  const setAway = (await h.events("presence.changed")).at(-1);
  assert.equal(setAway.data.actor.name, "sirpa", "the event records who set the agent away");
  // Nobody is free: by the line's policy the caller is offered a callback at once.
  const caller = await h.sipp("caller-3", "caller.xml", 1, ["-s", "116117", "-key", "caller", "0409876543", "-d", "1000"]);
  const duty = supervisorPage.locator('tr[data-line="duty"]');
  await duty.locator("[data-testid=open-callbacks]", { hasText: "1" }).waitFor({ timeout: 15000 });
  await caller.wait(30000);
});

test("a callback task is called back from the desktop, the citizen answers, and the outcome completes it", async () => {
  const task = await eventually(async () => (await h.api("GET", "/api/v1/tasks")).body.items[0], 10000, "a task");
  const row = agentPage.locator(`tr[data-task="${task.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /\+358409876543/);
  await screenshot(agentPage, "desktop-tasks");
  await accessible(agentPage, "desktop with callbacks");
  // The agent takes the task from the list (it is not offered while on a break).
  await row.getByRole("button", { name: /Ota tehtävä/ }).click();
  const held = agentPage.locator(`[data-testid=held-task][data-task="${task.id}"]`);
  await held.waitFor();
  await screenshot(agentPage, "desktop-callback");

  const citizen = await h.sipp("citizen", "trunk_answer.xml", 1, [], h.operatorPort);
  await agentPage.keyboard.press("c"); // call back
  // The desk phone rings and answers, then the citizen's phone; both are on the call.
  await agentPage.locator("[data-testid=active-call][data-phase=answered]").waitFor({ timeout: 15000 });
  const dialled = (await h.events("call.dialled")).at(-1);
  assert.equal(dialled.data.task_id, task.id);
  await eventually(async () => (await h.events("call.answered")).some((e) => e.stream === dialled.stream), 15000, "the citizen answered");
  // The call shows whom it calls: the task's number (the call's own events leave it out).
  await agentPage.locator("[data-testid=active-call]").getByText("+358409876543").waitFor();
  await screenshot(agentPage, "desktop-callback-call");
  await agentPage.keyboard.press("e"); // hang up
  await agentPage.locator("[data-testid=active-call]").waitFor({ state: "detached", timeout: 10000 });
  await held.getByText("tavoitettu").waitFor({ timeout: 10000 }); // the attempt, recorded by itself

  // The outcome, by keyboard: into the field, type, Enter.
  await held.getByLabel("Lopputulos").focus();
  await agentPage.keyboard.type("Ohjattu terveysasemalle");
  await agentPage.keyboard.press("Enter");
  await held.waitFor({ state: "detached", timeout: 10000 });
  const done = await h.api("GET", `/api/v1/tasks/${task.id}`);
  assert.equal(done.body.end, "completed");
  assert.equal(done.body.outcome, "Ohjattu terveysasemalle");
  await row.waitFor({ state: "detached" });
  assert.equal(await citizen.wait(30000), 0, h.log("citizen"));
  assert.equal(await phone.wait(30000), 0, h.log("desk-phone"));
});

test("the professional consults a colleague, swaps and completes the transfer; the call leaves the desktop", async () => {
  // A fresh desk phone for the agent and one for the colleague (Agent Two, extension 1002):
  // each answers after ringing a while and stays until Luukku hangs up.
  const deskPort = await freePort();
  const desk = await h.sipp("desk-phone-2", "agent_answer.xml", 1, ["-d", "1000"], deskPort);
  await h.registerPhone("1001", deskPort);
  const colleaguePort = await freePort();
  const colleague = await h.sipp("colleague", "agent_answer.xml", 1, ["-d", "500"], colleaguePort);
  await h.registerPhone("1002", colleaguePort);
  await agentPage.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");

  // The caller hangs up long after the hand-over, ending the call for the colleague too.
  const caller = await h.sipp("caller-consult", "caller.xml", 1, ["-s", "116117", "-key", "caller", "0403334444", "-d", "25000"]);
  const call = agentPage.locator("[data-testid=active-call][data-phase=answered]");
  await call.waitFor({ timeout: 15000 });

  // One click from the colleagues' list: the caller is put on hold, the colleague's phone rings
  // and answers, and the professional talks to the colleague.
  await agentPage.getByRole("button", { name: "Konsultoi: Agent Two" }).click();
  await agentPage.locator("[data-testid=active-call][data-consult=answered]").waitFor({ timeout: 15000 });
  await agentPage.getByTestId("party-caller").getByText("Soittaja: pidossa").waitFor();
  await agentPage.getByTestId("party-consulted").getByText("Konsultoitava Agent Two: puhelussa").waitFor();
  await screenshot(agentPage, "desktop-consult");
  await accessible(agentPage, "desktop with a consultation");
  await fitsTheScreen(agentPage, "desktop with a consultation");

  // Swap to the caller by keyboard (the colleague waits on hold), then complete the transfer.
  await agentPage.keyboard.press("s");
  await agentPage.locator("[data-testid=active-call][data-mode=swapped]").waitFor();
  await agentPage.getByTestId("party-consulted").getByText("Konsultoitava Agent Two: pidossa").waitFor();
  await agentPage.keyboard.press("t");
  await agentPage.locator("[data-testid=active-call]").waitFor({ state: "detached", timeout: 10000 });
  const transferred = (await h.events("call.transferred")).at(-1);
  assert.equal(transferred.data.attended, true);
  assert.equal(transferred.data.to_kind, "agent");
  assert.equal(transferred.data.to, "a2");
  assert.equal(transferred.data.agent_id, "a1");
  assert.equal(await desk.wait(10000), 0, h.log("desk-phone-2"));

  // Back on a break, as the next test expects; the caller and the colleague talk on.
  await agentPage.locator("label", { hasText: "Tauko" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "break", 5000, "a1 on a break");
  assert.equal(await caller.wait(40000), 0, h.log("caller-consult"));
  assert.equal(await colleague.wait(10000), 0, h.log("colleague"));
  const ended = await eventually(async () => (await h.events("call.ended")).find((e) => e.stream === transferred.stream), 5000, "call.ended");
  assert.equal(ended.data.by, "caller");
});

test("a callback is offered to the agent who becomes ready, accepted by keyboard, taken back by the supervisor and completed", async () => {
  // A second caller while the agent is on a break: another callback task.
  const caller = await h.sipp("caller-4", "caller.xml", 1, ["-s", "116117", "-key", "caller", "0405556666", "-d", "1000"]);
  await caller.wait(30000);
  const task = await eventually(async () => (await h.api("GET", "/api/v1/tasks")).body.items[0], 10000, "a task");
  await agentPage.locator(`tr[data-task="${task.id}"]`).waitFor();

  // Ready again, by keyboard: from the chosen "Tauko" one step left to "Valmis".
  await agentPage.getByRole("radio", { name: "Tauko" }).focus();
  await agentPage.keyboard.press("ArrowLeft");
  const offer = agentPage.locator(`[data-testid=offer][data-item="${task.id}"]`);
  await offer.waitFor({ timeout: 10000 });
  await offer.getByText("Takaisinsoittotehtävä — Päivystys").waitFor();
  await agentPage.keyboard.press("a");
  const held = agentPage.locator(`[data-testid=held-task][data-task="${task.id}"]`);
  await held.waitFor();

  // The supervisor sees who holds it and takes it back; routing offers it to the ready agent again.
  const row = supervisorPage.locator(`tr[data-task="${task.id}"]`);
  await row.getByText("käsittelyssä · Agent One").waitFor();
  await screenshot(supervisorPage, "supervisor-callbacks");
  await accessible(supervisorPage, "supervisor with a task in hand");
  await row.getByRole("button", { name: "Ota pois" }).click();
  const released = await eventually(async () => (await h.events("task.released")).at(-1), 5000, "task.released");
  assert.equal(released.data.actor.name, "sirpa");
  assert.equal(released.data.agent, "a1");
  await offer.waitFor({ timeout: 10000 });
  await agentPage.keyboard.press("a");
  await held.waitFor();
  // Meanwhile a caller waits (the only agent is busy), presses 1 and leaves a voice message:
  // the callback task exists as soon as the key is pressed.
  voiceCaller = await h.sipp("caller-5", "caller_dtmf_callback.xml", 1, ["-s", "116117", "-key", "caller", "0501112222"]);
  await eventually(async () => (await h.api("GET", "/api/v1/tasks")).body.items.some((t) => t.number === "+358501112222"), 20000, "the caller's callback task");
  await held.getByLabel("Lopputulos").focus();
  await agentPage.keyboard.type("Soitettu takaisin toisella kerralla");
  await agentPage.keyboard.press("Enter");
  await held.waitFor({ state: "detached", timeout: 10000 });
  assert.equal((await h.api("GET", `/api/v1/tasks/${task.id}`)).body.end, "completed");
  await row.waitFor({ state: "detached" });
});

test("a voice message left with a callback request plays on the desktop", async () => {
  assert.equal(await voiceCaller.wait(60000), 0, h.log("caller-5"));
  const task = await eventually(
    async () => (await h.api("GET", "/api/v1/tasks")).body.items.find((t) => t.number === "+358501112222" && t.voice_message),
    20000,
    "the task with the voice message",
  );
  const player = agentPage.locator(`tr[data-task="${task.id}"] audio`);
  await player.waitFor();
  assert.equal(await player.getAttribute("aria-label"), "Ääniviesti numerosta +358501112222");
  // The player's source is the message itself, served to the signed-in professional.
  const served = await agentPage.evaluate(async (src) => {
    const r = await fetch(src);
    return { status: r.status, type: r.headers.get("content-type"), bytes: (await r.arrayBuffer()).byteLength };
  }, await player.getAttribute("src"));
  assert.equal(served.status, 200);
  assert.equal(served.type, "audio/wav");
  assert.ok(served.bytes > 20000, `${served.bytes} bytes`);
  await screenshot(agentPage, "desktop-voice-message");
  await accessible(agentPage, "desktop with a voice message");

  // The supervisor gives the task to the agent; it is in the agent's hands on the desktop.
  const row = supervisorPage.locator(`tr[data-task="${task.id}"]`);
  await row.getByRole("combobox", { name: "Anna ammattilaiselle" }).selectOption("a1");
  await row.getByRole("button", { name: "Anna", exact: true }).click();
  await agentPage.locator(`[data-testid=held-task][data-task="${task.id}"]`).waitFor();
  await row.getByText("käsittelyssä · Agent One").waitFor();
  const claimed = (await h.events("task.claimed")).at(-1);
  assert.equal(claimed.data.agent, "a1");
  assert.equal(claimed.data.actor.name, "sirpa");
});

test("the sign-in page speaks Swedish and English too, and remembers the choice", async () => {
  const page = await newPage();
  await page.goto(h.base + "/");
  await page.getByRole("combobox", { name: "Kieli" }).selectOption("sv");
  await page.getByLabel("Användarnamn").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "sv");
  await page.getByRole("combobox", { name: "Språk" }).selectOption("en");
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.reload();
  await page.getByLabel("Username").waitFor();
  await accessible(page, "sign-in in English");
  await page.context().close();
});

test("when the server goes away the views say so at once and then that they are not live", async () => {
  const server = h.children.find((c) => c.name === "server");
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  for (const page of [agentPage, supervisorPage]) {
    await page.locator("[data-testid=stale-banner]").waitFor({ timeout: 5000 });
  }
  await agentPage.locator("[data-testid=feed-status][data-status=stale]").waitFor({ timeout: 10000 });
  await supervisorPage.locator("[data-testid=feed-status][data-status=stale]").waitFor({ timeout: 10000 });
  await screenshot(supervisorPage, "supervisor-not-live");
});
