// The admin views in a real browser against a real server: an administrator signs in, sees
// the service lines and edits one (a mistake is shown on its field first), listens to a prompt
// and replaces it with a recording, creates a user and links the account to an agent, after
// which that person signs in and acts as that agent; sees the phones and whether each is
// registered; and the supervisor's view shows today's service level of each line against the
// line's own target. Each view is checked with axe-core, fits 1366×768 and is kept as a
// screenshot.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Harness, eventually, freePort } from "./harness.mjs";
import { accessible, checkView, launchBrowser, newPage as openPage, screenshot, signIn as signInAt } from "./browser.mjs";

const h = new Harness();
let browser;
let page; // the administrator's
const ADMIN = { username: "ylla", password: "Syysmyrsky-luukku-2026" };
const NEW_USER = { username: "veera", name: "Veera Vastaanotto", password: "Kevätsade-luukku-2026" };

// A second of 440 Hz, 8 kHz mono 16-bit PCM: an administrator's recording.
function toneWav(rate = 8000) {
  const n = rate;
  const wav = Buffer.alloc(44 + n * 2);
  wav.write("RIFF", 0);
  wav.writeUInt32LE(36 + n * 2, 4);
  wav.write("WAVEfmt ", 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write("data", 36);
  wav.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
}

before(async () => {
  await h.start();
  browser = await launchBrowser();
  const created = await h.api("POST", "/api/v1/users", {
    username: ADMIN.username,
    display_name: "Ylläpitäjä",
    password: ADMIN.password,
    roles: ["admin", "supervisor"],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
});

after(async () => {
  await browser?.close();
  await h.stop();
});

test("an administrator signs in and sees every service line with its hours, numbers and policy", async () => {
  page = await openPage(browser);
  await signInAt(page, h.base, ADMIN.username, ADMIN.password);
  await page.getByRole("link", { name: "Ylläpito" }).click();
  await page.getByRole("tab", { name: "Palvelulinjat", selected: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/admin");
  const lines = (await h.api("GET", "/api/v1/service-lines")).body.items;
  await eventually(async () => (await page.locator("section[data-line]").count()) === lines.length, 5000, "every line shown");
  const duty = page.locator("section[data-line=duty]");
  await duty.getByText("116117").waitFor();
  await duty.getByText("ma–su 00:00-24:00").waitFor();
  await duty.getByText("Avoinna arkipyhinä").waitFor();
  await duty.getByText("Jonon enimmäispituus: 1000").waitFor();
  await page.locator("section[data-line=night]").getByText("ma–su suljettu").waitFor();
  await checkView(page, "admin: service lines", "admin-lines");
});

test("editing a line shows what is wrong on its field, then saves the line's service level target", async () => {
  await page.getByRole("button", { name: "Muokkaa: Neuvonta" }).click();
  const editor = page.getByRole("dialog", { name: "Muokkaa: Neuvonta" });
  await editor.locator("[data-day=monday]").fill("16:00-08:00");
  await editor.getByLabel("Palvelutasotavoite (s)", { exact: true }).fill("20");
  await editor.getByRole("button", { name: "Tallenna" }).click();
  await editor.getByTestId("refusal").getByText("Tarkista merkityt kentät.").waitFor();
  await editor.getByText("Jaksot muodossa 08:00-16:00").waitFor();
  // The first mistake has the focus.
  assert.equal(await editor.locator("[data-day=monday]").evaluate((e) => e === document.activeElement), true);
  await accessible(page, "admin: line editor with a mistake");
  await screenshot(page, "admin-line-editor");
  assert.equal((await h.api("GET", "/api/v1/service-lines/helpline")).body.routing.service_level_target_s, 60, "nothing was sent");

  // Open around the clock again: a call to it below must reach the queue.
  await editor.locator("[data-day=monday]").fill("00:00-24:00");
  await editor.getByRole("button", { name: "Lisää poikkeus" }).click();
  // Typed the Finnish way: the field is in the page's language, whatever the browser's.
  await editor.getByLabel("Päivä", { exact: true }).fill("24.12.2026");
  await editor.getByLabel("Syy", { exact: true }).fill("Jouluaatto");
  await editor.getByRole("button", { name: "Tallenna" }).click();
  await editor.waitFor({ state: "detached" });
  const line = (await h.api("GET", "/api/v1/service-lines/helpline")).body;
  assert.equal(line.routing.service_level_target_s, 20);
  assert.deepEqual(line.weekly_hours.monday, ["00:00-24:00"]);
  assert.deepEqual(line.exceptions, [{ date: "2026-12-24", hours: [], reason: { fi: "Jouluaatto", sv: "Jouluaatto", en: "Jouluaatto" } }]);
  await page.locator("section[data-line=helpline]").getByText("Palvelutasotavoite: 20 s").waitFor();
  await page.locator("section[data-line=helpline] [data-testid=line-exceptions]").getByText("suljettu (Jouluaatto)").waitFor();
});

test("an administrator listens to a prompt and replaces it with a recording, by keyboard to the tab", async () => {
  // The tabs move with the arrow keys.
  await page.getByRole("tab", { name: "Palvelulinjat" }).focus();
  await page.keyboard.press("ArrowRight");
  await page.getByRole("tab", { name: "Tiedotteet", selected: true }).waitFor();
  const welcome = page.locator("[data-testid=prompts-table] tr[data-prompt=welcome]");
  await welcome.waitFor();
  assert.equal(await welcome.getAttribute("data-recorded"), "false");
  const src = await welcome.locator("audio").getAttribute("src");
  assert.equal(src, "/api/v1/telephony/prompts/fi/welcome");
  const generated = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get("content-type"), bytes: (await r.arrayBuffer()).byteLength };
  }, src);
  assert.equal(generated.status, 200);
  assert.equal(generated.type, "audio/wav");
  await checkView(page, "admin: prompts", "admin-prompts");

  const recording = toneWav();
  await welcome.getByRole("button", { name: "Korvaa tiedote welcome" }).click();
  const dialog = page.getByRole("dialog", { name: "Korvaa tiedote welcome" });
  await dialog.locator("input[type=file]").setInputFiles({ name: "tervetuloa.wav", mimeType: "audio/wav", buffer: recording });
  await accessible(page, "admin: replacing a prompt");
  await dialog.getByRole("button", { name: "Lähetä" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.locator("[data-testid=prompts-table] tr[data-prompt=welcome][data-recorded=true]").getByText("Äänitys").waitFor();
  const played = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength, src);
  assert.equal(played, recording.length, "the player plays the recording");
  const audit = (await h.api("GET", "/api/v1/audit-log?limit=1000")).body.items.find((a) => a.action === "prompt.replaced");
  assert.equal(audit?.actor.name, ADMIN.username);
  assert.equal(audit?.target.id, "fi/welcome");
});

test("an administrator creates a user, links the account to an agent, and that person then acts as the agent", async () => {
  await page.getByRole("tab", { name: "Käyttäjät" }).click();
  await page.getByRole("button", { name: "Uusi käyttäjä" }).click();
  const dialog = page.getByRole("dialog", { name: "Uusi käyttäjä" });
  await dialog.getByLabel("Käyttäjätunnus").fill(NEW_USER.username);
  await dialog.getByLabel("Nimi").fill(NEW_USER.name);
  await dialog.getByLabel("Salasana").fill("lyhyt");
  await dialog.getByRole("button", { name: "Luo" }).click();
  await dialog.getByTestId("refusal").getByText("Palvelin ei hyväksynyt arvoja").waitFor();
  await dialog.getByLabel("Salasana").fill(NEW_USER.password);
  await dialog.getByRole("button", { name: "Luo" }).click();
  await dialog.waitFor({ state: "detached" });
  const row = page.locator(`[data-testid=users-table] tr[data-user=${NEW_USER.username}]`);
  await row.getByText(NEW_USER.name).waitFor();

  await row.getByRole("button", { name: `Muokkaa käyttäjää ${NEW_USER.username}` }).click();
  const edit = page.getByRole("dialog", { name: `Muokkaa käyttäjää ${NEW_USER.username}` });
  await edit.getByLabel("Toimii ammattilaisena", { exact: true }).selectOption("a2");
  await accessible(page, "admin: editing a user");
  await edit.getByRole("button", { name: "Tallenna" }).click();
  await edit.waitFor({ state: "detached" });
  await row.getByTestId("user-agent-cell").getByText("Agent Two").waitFor();
  await checkView(page, "admin: users", "admin-users");
  const link = (await h.api("GET", "/api/v1/audit-log?limit=1000")).body.items.filter((a) => a.target.kind === "user").at(-1);
  assert.equal(link.action, "user.agent_linked");
  assert.equal(link.actor.name, ADMIN.username);
  assert.equal(link.after.agent, "a2");

  const theirs = await openPage(browser);
  await signInAt(theirs, h.base, NEW_USER.username, NEW_USER.password);
  await theirs.getByRole("heading", { name: "Työni" }).waitFor();
  const session = await theirs.evaluate(async () => (await fetch("/api/v1/auth/session")).json());
  assert.equal(session.agent, "a2");
  await theirs.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a2")?.state.status === "available", 5000, "a2 available");
  const ready = (await h.events("presence.changed")).filter((e) => e.data.agent === "a2").at(-1);
  assert.equal(ready.data.actor.name, NEW_USER.username, "the person acted as a2 themselves");
  await theirs.context().close();
  // Off the lines again: the calls below are for a1.
  assert.equal((await h.api("PUT", "/api/v1/agents/a2/presence", { status: "break" })).status, 200);
});

test("the phones show which extension is registered and whose it is", async () => {
  await h.registerPhone("1002", await freePort());
  await page.getByRole("tab", { name: "Puhelimet" }).click();
  const registered = page.locator("[data-testid=phones-table] tr[data-extension='1002'][data-registered=true]");
  await registered.getByText("Rekisteröity").waitFor();
  await registered.getByText("Agent Two").waitFor();
  await page.locator("[data-testid=phones-table] tr[data-extension='1001'][data-registered=false]").getByText("Ei rekisteröity").waitFor();
  await checkView(page, "admin: phones", "admin-phones");
});

test("the supervisor's view shows today's service level of each line against the line's target", async () => {
  await page.getByRole("link", { name: "Esihenkilönäkymä" }).click();
  const helpline = page.locator("[data-testid=lines-table] tr[data-line=helpline] [data-testid=service-level]");
  await helpline.getByText("—").waitFor();
  // A caller to the helpline whom a1 answers on the desk phone after it rings a while:
  // within the helpline's 20 s target.
  const phonePort = await freePort();
  const phone = await h.sipp("desk-phone", "agent_answer.xml", 1, ["-d", "1000"], phonePort);
  await h.registerPhone("1001", phonePort);
  const ready = await h.api("PUT", "/api/v1/agents/a1/presence", { status: "available" });
  assert.equal(ready.status, 200, JSON.stringify(ready.body));
  const caller = await h.sipp("caller", "caller.xml", 1, ["-s", "116123", "-key", "caller", "0401234567", "-d", "12000"]);
  await helpline.getByText("100 %").waitFor({ timeout: 15000 });
  await helpline.getByText("tavoite 20 s").waitFor();
  await page.locator("[data-testid=lines-table] tr[data-line=duty] [data-testid=service-level]").getByText("—").waitFor();
  await checkView(page, "supervisor with the service level", "supervisor-service-level");
  assert.equal(await caller.wait(), 0, h.log("caller"));
  assert.equal(await phone.wait(), 0, h.log("desk-phone"));
});
