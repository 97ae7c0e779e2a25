// Reports from real calls: a real server, SIPp callers answered by the agent's SIPp desk
// phone, one caller who hangs up while the phone rings and is called back, one who is never
// reached; then the reports API, and the reports view in a browser — the supervisor sees the
// figures, lists the calls behind one, and exports the month to CSV; the professional sees only
// their own figures. Screenshots of the view go under the build directory.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Harness, eventually, freePort } from "./harness.mjs";
import { accessible, fitsTheScreen, launchBrowser, newPage, screenshot, signIn } from "./browser.mjs";

const h = new Harness();
let browser;
let supervisorPage;
let today; // YYYY-MM-DD in Helsinki
let month; // YYYY-MM

const helsinkiDay = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);

before(async () => {
  await h.start();
  browser = await launchBrowser();
  today = helsinkiDay(new Date());
  month = today.slice(0, 7);
});

after(async () => {
  await browser?.close();
  await h.stop();
});

async function presence(agent, status) {
  const r = await h.api("PUT", `/api/v1/agents/${agent}/presence`, { status });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === agent)?.state.status === status, 5000, `${agent} ${status}`);
}

// A desk phone for a1 (extension 1001) running `scenario` for `calls` calls.
async function deskPhone(name, scenario, calls, extra = []) {
  const port = await freePort();
  const phone = await h.sipp(name, scenario, calls, extra, port);
  await h.registerPhone("1001", port);
  return phone;
}

const caller = (name, number, holdMs) => h.sipp(name, "caller.xml", 1, ["-s", "116117", "-key", "caller", number, "-d", String(holdMs)]);

test("SIPp calls make the report: two answered, one abandoned and called back, one never reached", async () => {
  // Two calls the agent's desk phone answers after ringing a second.
  const phone = await deskPhone("desk-phone", "agent_answer.xml", 2, ["-d", "1000"]);
  await presence("a1", "available");
  for (const [name, number] of [["caller-1", "0401000001"], ["caller-2", "0401000002"]]) {
    const c = await caller(name, number, 3000);
    assert.equal(await c.wait(30000), 0, h.log(name));
    await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 10000, "a1 free again");
  }
  assert.equal(await phone.wait(10000), 0, h.log("desk-phone"));

  // A caller who gives up while the phone rings: the line makes a callback task at once.
  const ringing = await deskPhone("ringing-phone", "agent_no_answer.xml", 1);
  const impatient = await caller("caller-3", "0401000003", 2000);
  assert.equal(await impatient.wait(30000), 0, h.log("caller-3"));
  await eventually(async () => (await h.events("contact.abandoned")).length === 1, 10000, "contact.abandoned");
  assert.equal(await ringing.wait(10000), 0, h.log("ringing-phone"));
  await presence("a1", "break");

  // With nobody free the next caller is diverted to a callback task and never reached.
  const diverted = await caller("caller-4", "0401000004", 1000);
  await diverted.wait(30000);
  const tasks = await eventually(async () => {
    const items = (await h.api("GET", "/api/v1/tasks")).body.items;
    return items.length === 2 ? items : undefined;
  }, 10000, "two callback tasks");
  const task = tasks.find((t) => t.number === "+358401000003");
  assert.ok(task, JSON.stringify(tasks));

  // The agent calls the abandoned caller back from the desk phone; the citizen answers.
  assert.equal((await h.api("POST", `/api/v1/tasks/${task.id}/claim`, { agent: "a1" })).status, 200);
  const desk = await deskPhone("callback-phone", "agent_answer.xml", 1, ["-d", "500"]);
  const citizen = await h.sipp("citizen", "trunk_answer.xml", 1, [], h.operatorPort);
  const dial = await h.api("POST", `/api/v1/tasks/${task.id}/call-back`, { agent: "a1" });
  assert.equal(dial.status, 202, JSON.stringify(dial.body));
  const dialled = await eventually(async () => (await h.events("call.dialled")).find((e) => e.data.task_id === task.id), 15000, "call.dialled");
  await eventually(async () => (await h.events("call.answered")).some((e) => e.stream === dialled.stream), 15000, "the citizen answered");
  const hangUp = await h.api("POST", `/api/v1/calls/${dial.body.call}/hang-up`, { agent: "a1" });
  assert.equal(hangUp.status, 202, JSON.stringify(hangUp.body));
  await eventually(async () => (await h.api("GET", `/api/v1/tasks/${task.id}`)).body.attempts?.some((a) => a.outcome === "reached"), 10000, "the reached attempt");
  const done = await h.api("POST", `/api/v1/tasks/${task.id}/complete`, { agent: "a1", outcome: "Neuvottu" });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(await desk.wait(10000), 0, h.log("callback-phone"));
  assert.equal(await citizen.wait(10000), 0, h.log("citizen"));

  // The month by outcome: four calls, the callback attempt not among them.
  const range = `from=${month}-01&to=${today}`;
  const calls = (await h.api("GET", `/api/v1/reports/calls?${range}`)).body.items;
  assert.deepEqual(
    calls.map(({ period, line, total, answered, lost, called_back, outgoing, shares_percent }) => ({ period, line, total, answered, lost, called_back, outgoing, shares_percent })),
    [{ period: month, line: "*", total: 4, answered: 2, lost: 1, called_back: 1, outgoing: 0, shares_percent: { answered: "50.00", lost: "25.00", called_back: "25.00", outgoing: "0.00" } }],
  );
  const times = (await h.api("GET", `/api/v1/reports/response-times?${range}`)).body;
  assert.equal(times.arrivals, 4);
  assert.equal(times.answer.count, 2);
  assert.ok(times.answer.median_s >= 1 && times.answer.median_s <= 3, `median ${times.answer.median_s} s: the phone rang a second`);
  assert.equal(times.abandon.count, 1);
  assert.equal(times.abandonment_percent, "25.00");
  const callbacks = (await h.api("GET", `/api/v1/reports/callbacks?${range}`)).body;
  assert.deepEqual([callbacks.created, callbacks.completed, callbacks.open, callbacks.attempts_per_task], [2, 1, 1, 0.5]);
  const agents = (await h.api("GET", `/api/v1/reports/agents?${range}`)).body.items;
  const a1 = agents.find((a) => a.agent === "a1");
  assert.deepEqual([a1.handled, a1.callback_attempts, a1.callbacks_completed, a1.outgoing], [2, 1, 1, 0]);
  assert.ok(a1.talk_s >= 2, `talk ${a1.talk_s} s`);
  const lost = (await h.api("GET", `/api/v1/reports/calls/list?${range}&outcome=lost`)).body.items;
  assert.deepEqual(lost.map((c) => c.number), ["+358401000004"]);
});

test("a supervisor opens the reports, sees the month's figures and lists the calls behind one", async () => {
  supervisorPage = await newPage(browser);
  await signIn(supervisorPage, h.base, "sirpa", h.supervisorPassword);
  await supervisorPage.getByRole("heading", { name: "Palvelulinjat" }).waitFor();
  await supervisorPage.getByRole("navigation").getByRole("link", { name: "Raportit" }).click();
  await supervisorPage.getByRole("heading", { name: "Raportit", level: 1 }).waitFor();
  assert.equal(new URL(supervisorPage.url()).pathname, "/reports");
  const row = supervisorPage.locator(`[data-testid=outcomes-table] tr[data-period="${month}"][data-line="*"]`);
  await row.waitFor();
  // The range's days in the page's language's way, not the browser's.
  const [year, monthOfYear] = month.split("-").map(Number);
  assert.equal(await supervisorPage.getByLabel("Alkaen").inputValue(), `1.${monthOfYear}.${year}`);
  assert.equal(await row.getByTestId("total").textContent(), "4");
  assert.match(await row.getByTestId("answered").textContent(), /^2 · 50,00 %$/);
  assert.match(await row.getByTestId("called_back").textContent(), /^1 · 25,00 %$/);
  assert.match(await row.getByTestId("lost").textContent(), /^1 · 25,00 %$/);
  await supervisorPage.locator("[data-testid=calls-chart][data-drawn=true]").waitFor();
  await screenshot(supervisorPage, "reports-calls");
  await accessible(supervisorPage, "reports: calls by outcome");
  await fitsTheScreen(supervisorPage, "reports: calls by outcome");

  // The figure lists its calls: the answered two, with their numbers.
  await row.getByTestId("answered").getByRole("button").click();
  const list = supervisorPage.getByRole("dialog");
  await list.locator("[data-testid=call-list] tbody tr").nth(1).waitFor();
  const listed = await list.locator("[data-testid=call-list] tbody tr").allTextContents();
  assert.equal(listed.length, 2);
  assert.ok(listed.some((r) => r.includes("+358401000001")) && listed.some((r) => r.includes("+358401000002")), listed.join("\n"));
  assert.ok(listed.every((r) => r.includes("vastattu") && r.includes("Agent One")), listed.join("\n"));
  await screenshot(supervisorPage, "reports-drill-down");
  await accessible(supervisorPage, "reports: the calls behind a figure");
  await supervisorPage.keyboard.press("Escape");
  await list.waitFor({ state: "detached" });
});

test("the supervisor exports the month to CSV for Excel", async () => {
  const [download] = await Promise.all([
    supervisorPage.waitForEvent("download"),
    supervisorPage.getByRole("link", { name: "Vie CSV: Puhelut tuloksen mukaan" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "calls.csv");
  const csv = readFileSync(await download.path(), "utf8");
  assert.ok(csv.startsWith("\uFEFF"), "a byte order mark, so Excel reads UTF-8");
  const lines = csv.slice(1).split("\r\n");
  assert.match(lines[0], /^"Jakso";"Palvelulinja";"Yhteensä";"Vastatut";"Vastatut %";"Menetetyt";"Menetetyt %";"Takaisinsoitetut";"Takaisinsoitetut %";"Lähtevät";"Lähtevät %"$/);
  assert.ok(lines.includes(`"${month}";"Kaikki linjat";"4";"2";"50,00";"1";"25,00";"1";"25,00";"0";"0,00"`), csv);
  assert.ok(lines.includes(`"${month}";"duty";"4";"2";"50,00";"1";"25,00";"1";"25,00";"0";"0,00"`), csv);
});

test("response times, callbacks, peak hours, professionals and today show the same calls", async () => {
  const page = supervisorPage;
  const figure = (table, key) => page.locator(`[data-testid=${table}] tr[data-figure=${key}] td`).textContent();

  await page.getByRole("tab", { name: "Vastausajat" }).click();
  await page.locator("[data-testid=response-table]").waitFor();
  assert.equal(await figure("response-table", "arrivals"), "4");
  assert.equal(await figure("response-table", "answered"), "2");
  assert.equal(await figure("response-table", "abandonment"), "25,00 %");
  await screenshot(page, "reports-response-times");
  await accessible(page, "reports: response times");
  await fitsTheScreen(page, "reports: response times");

  await page.getByRole("tab", { name: "Takaisinsoitot" }).click();
  await page.locator("[data-testid=callbacks-table]").waitFor();
  assert.equal(await figure("callbacks-table", "created"), "2");
  assert.equal(await figure("callbacks-table", "completed"), "1");
  assert.equal(await figure("callback-delays-table", "attempts-per-task"), "0,50");
  await screenshot(page, "reports-callbacks");
  await accessible(page, "reports: callbacks");

  await page.getByRole("tab", { name: "Ruuhkatunnit" }).click();
  const heat = page.locator("[data-testid=peaks-table]");
  await heat.waitFor();
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cells = await heat.locator(`tr[data-weekday="${weekday}"] td`).allTextContents();
  // The average day: today's four calls over the days of this weekday in the month so far
  // (each hour rounded to a tenth).
  const arrivals = cells.filter((c) => c !== "0").map((c) => Number(c.replace(",", ".")));
  const sameWeekday = Math.floor((Number(today.slice(8)) - 1) / 7) + 1;
  const sum = arrivals.reduce((a, b) => a + b, 0);
  assert.ok(arrivals.length > 0 && Math.abs(sum - 4 / sameWeekday) <= 0.05 * arrivals.length + 1e-9, `arrivals by hour: ${cells.join(" ")}`);
  await screenshot(page, "reports-peak-hours");
  await accessible(page, "reports: peak hours");
  await fitsTheScreen(page, "reports: peak hours");

  await page.getByRole("tab", { name: "Ammattilaiset" }).click();
  const a1 = page.locator('[data-testid=agents-table] tr[data-agent="a1"]');
  await a1.waitFor();
  assert.equal(await a1.getByTestId("handled").textContent(), "2");
  await accessible(page, "reports: professionals");

  await page.getByRole("tab", { name: "Tänään" }).click();
  const all = page.locator('[data-testid=today-table] tr[data-line="*"]');
  await all.waitFor();
  assert.equal(await all.getByTestId("total").textContent(), "4");
  await screenshot(page, "reports-today");
  await accessible(page, "reports: today");
  await fitsTheScreen(page, "reports: today");

  // Live: a new call shows in today's figures without reloading the page (the agent is still
  // on a break: the caller is diverted, and lost once they hang up).
  const late = await caller("caller-5", "0401000005", 1000);
  await late.wait(30000);
  await all.getByTestId("total").getByText("5", { exact: true }).waitFor({ timeout: 15000 });
  assert.equal(await all.getByTestId("lost").textContent(), "2");
});

test("a professional sees only their own figures", async () => {
  const page = await newPage(browser);
  await signIn(page, h.base, "aino", h.agentPassword);
  await page.getByRole("heading", { name: "Työni" }).waitFor();
  await page.getByRole("navigation").getByRole("link", { name: "Raportit" }).click();
  await page.getByRole("tab", { name: "Omat lukuni" }).waitFor();
  assert.equal(await page.getByRole("tab").count(), 1);
  const rows = page.locator("[data-testid=agents-table] tbody tr");
  await rows.first().waitFor();
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.agent)), ["a1"]);
  assert.equal(await rows.first().getByTestId("handled").textContent(), "2");
  await screenshot(page, "reports-own");
  await accessible(page, "reports: a professional's own figures");
  await page.context().close();
});
