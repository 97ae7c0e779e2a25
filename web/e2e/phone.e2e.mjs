// The phone in the browser, in a real browser (Debian's Chromium with fake microphone, driven by
// playwright-core) against a real server with Janus (the WebRTC-SIP gateway, started here on
// loopback ports of its own) and SIPp callers: the desktop registers the professional's
// extension through Janus with the session's credential; a caller who speaks is offered, rings
// in the browser phone and is answered there with audio flowing both ways (the browser's
// RTCPeerConnection counts bytes in and out, and the caller's RTP socket receives), on
// 127.0.0.1 (the selected ICE candidate pair; every socket Janus has open); when Janus goes
// away and comes back the phone says so and registers again by itself; the test caller page in
// a second tab calls a line and the desktop answers it; click-to-call rings the browser phone
// first; signing out ends the registration; without Janus the desktop works on and says the
// browser phone is unavailable. The new views are checked with axe-core and kept as
// screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { Harness, SOURCE_DIR, eventually } from "./harness.mjs";
import { VIEWPORT, accessible, fitsTheScreen, launchBrowser, screenshot } from "./browser.mjs";

const h = new Harness();
let browser;
let context;
let agentPage;

before(async () => {
  await h.start({ janus: true, testCaller: true });
  // Chromium leaves loopback out of its ICE candidates unless told; Janus offers 127.0.0.1 only.
  browser = await launchBrowser(["--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection"]);
  context = await browser.newContext({ viewport: VIEWPORT, locale: "fi-FI", timezoneId: "Europe/Helsinki" });
  // Every RTCPeerConnection the pages make, so that the test can read their statistics.
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    window.__peerConnections = [];
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        window.__peerConnections.push(this);
      }
    };
  });
});

after(async () => {
  await browser?.close();
  await h.stop();
});

async function newPage() {
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
}

// Audio bytes received and sent by the page's live peer connections.
function audioBytes(page) {
  return page.evaluate(async () => {
    let received = 0;
    let sent = 0;
    for (const pc of window.__peerConnections) {
      if (pc.connectionState === "closed") continue;
      (await pc.getStats()).forEach((r) => {
        if (r.type === "inbound-rtp" && r.kind === "audio") received += r.bytesReceived;
        if (r.type === "outbound-rtp" && r.kind === "audio") sent += r.bytesSent;
      });
    }
    return { received, sent };
  });
}

// The addresses of the candidate pair each live peer connection of the page sends its media on.
function selectedPairs(page) {
  return page.evaluate(async () => {
    const pairs = [];
    for (const pc of window.__peerConnections) {
      if (pc.connectionState === "closed") continue;
      const stats = new Map();
      (await pc.getStats()).forEach((r) => stats.set(r.id, r));
      for (const t of stats.values()) {
        if (t.type !== "transport" || !t.selectedCandidatePairId) continue;
        const pair = stats.get(t.selectedCandidatePairId);
        const local = stats.get(pair.localCandidateId);
        const remote = stats.get(pair.remoteCandidateId);
        pairs.push({ local: local.address ?? local.ip, remote: remote.address ?? remote.ip });
      }
    }
    return pairs;
  });
}

// Where the page's media to and from Janus goes: Janus's end is always 127.0.0.1 (it gathers
// that address alone). The browser's end is its own 127.0.0.1 when Janus controls the pair (a
// call Janus offers: the desktop's incoming calls); a browser that offers itself (the test
// caller) keeps the pair from its interface address to Janus's 127.0.0.1, which it checks first.
async function mediaOnLoopback(page, what, { browserEnd = true } = {}) {
  const good = (p) => p.remote === "127.0.0.1" && (!browserEnd || p.local === "127.0.0.1");
  let pairs = [];
  try {
    await eventually(async () => {
      pairs = await selectedPairs(page);
      return pairs.length > 0 && pairs.every(good);
    }, 10000, `media of ${what} on loopback`);
  } catch {
    assert.fail(`media of ${what} is not on loopback: ${JSON.stringify(pairs)}`);
  }
}

// The local addresses of the sockets process `pid` has open, from /proc (IPv4 and IPv6, UDP
// and TCP; hex as the kernel writes them, 0100007F:1F90 for 127.0.0.1:8080).
function socketAddresses(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const out = [];
  for (const table of ["udp", "udp6", "tcp", "tcp6"]) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9])) out.push(`${table} ${f[1]}`);
    }
  }
  return out;
}

// Both ways: the page's peer connection has received and sent audio, and keeps doing so.
async function audioFlowsBothWays(page, what) {
  const first = await eventually(async () => {
    const b = await audioBytes(page);
    return b.received > 0 && b.sent > 0 ? b : undefined;
  }, 15000, `audio both ways in ${what}`);
  await eventually(async () => {
    const b = await audioBytes(page);
    return b.received > first.received && b.sent > first.sent;
  }, 5000, `audio still flowing in ${what}`);
}

// What waits in (or was dropped at) the UDP socket bound to 127.0.0.1:`port`: SIPp reads nothing
// from its media socket without -rtp_echo, so RTP that reached it stays there.
function udpReceived(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === `0100007F:${hexPort}`) {
      const rxQueue = parseInt(f[4].split(":")[1], 16);
      const drops = Number(f[12]);
      return rxQueue + drops;
    }
  }
  return 0;
}

async function phones() {
  return (await h.api("GET", "/api/v1/telephony/phones")).body.items;
}

test("the desktop registers the professional's extension through Janus with the session's credential", async () => {
  agentPage = await newPage();
  await agentPage.goto(h.base + "/");
  await agentPage.getByLabel("Käyttäjätunnus").fill("aino");
  await agentPage.getByLabel("Salasana").fill(h.agentPassword);
  await agentPage.getByLabel("Salasana").press("Enter");
  await agentPage.getByRole("heading", { name: "Työni" }).waitFor();
  await agentPage.locator("[data-testid=phone-status][data-status=registered]").waitFor({ timeout: 15000 });
  const phone = (await phones()).find((p) => p.extension === "1001");
  assert.equal(phone.registered, true);
  assert.match(phone.user_agent, /Janus/);
  assert.match(phone.contact, /@127\.0\.0\.1[:;>]/, "Janus registers on loopback");
  await agentPage.getByText("Selainpuhelin valmis").waitFor();
  await accessible(agentPage, "the desktop with its browser phone");
});

test("a caller is offered, rings in the browser phone and is answered there with audio both ways", async () => {
  await agentPage.locator("label", { hasText: "Valmis" }).click();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 5000, "a1 available");
  // The helpline: its offers ring for a minute, time enough for the checks of the ringing view
  // on a busy machine (the duty line's last five seconds).
  const caller = await h.sipp("caller-audio", "caller_audio.xml", 1, ["-s", "116123", "-key", "caller", "0401234567"]);
  const ringing = agentPage.locator("[data-testid=browser-phone][data-status=ringing]");
  await ringing.waitFor({ timeout: 15000 });
  await agentPage.locator("[data-testid=phone-status][data-status=ringing]").waitFor();
  await ringing.getByText("+358401234567").waitFor();
  await agentPage.locator("[data-testid=offer]").getByText("+358401234567").waitFor();
  await screenshot(agentPage, "desktop-browser-phone-ringing");
  await accessible(agentPage, "the browser phone ringing");
  await fitsTheScreen(agentPage, "the browser phone ringing");

  await ringing.getByRole("button", { name: "Vastaa" }).click();
  const inCall = agentPage.locator("[data-testid=browser-phone][data-status=incall]");
  await inCall.waitFor({ timeout: 10000 });
  await agentPage.locator("[data-testid=active-call][data-phase=answered]").waitFor({ timeout: 10000 });
  await audioFlowsBothWays(agentPage, "the desktop");
  await mediaOnLoopback(agentPage, "the desktop");
  // Every socket Janus has open (WebSocket, SIP, RTP, ICE) is bound to 127.0.0.1.
  const sockets = socketAddresses(h.janusPid);
  assert.ok(sockets.some((s) => s.startsWith("udp ")), `janus has its media sockets open: ${sockets}`);
  assert.deepEqual(sockets.filter((s) => !/ 0100007F:/.test(s)), [], "janus's sockets on 127.0.0.1 only");
  // The caller hears the professional: RTP reaches the caller's own media socket.
  await eventually(() => udpReceived(caller.mediaPort) > 0, 10000, "RTP at the caller");
  await screenshot(agentPage, "desktop-browser-phone-call");
  await accessible(agentPage, "a call in the browser phone");

  // Hold and resume (re-INVITEs to the gateway) leave the call in the browser, and talking.
  await agentPage.keyboard.press("h");
  await agentPage.locator("[data-testid=active-call][data-held=true]").waitFor({ timeout: 10000 });
  await agentPage.keyboard.press("h");
  await agentPage.locator("[data-testid=active-call][data-held=false]").waitFor({ timeout: 10000 });
  await inCall.waitFor();
  await audioFlowsBothWays(agentPage, "the desktop after hold and resume");

  // Hanging up in the browser ends the call for the caller too (SIPp answers the BYE).
  await inCall.getByRole("button", { name: "Lopeta puhelu" }).click();
  assert.equal(await caller.wait(20000), 0, h.log("caller-audio"));
  await agentPage.locator("[data-testid=browser-phone]").waitFor({ state: "detached", timeout: 10000 });
  await agentPage.locator("[data-testid=phone-status][data-status=registered]").waitFor();
  await agentPage.locator("[data-testid=active-call]").waitFor({ state: "detached", timeout: 10000 });
});

test("when Janus goes away the phone says it is reconnecting, and registers again by itself once Janus is back", async () => {
  await agentPage.locator("[data-testid=phone-status][data-status=registered]").waitFor();
  const before = (await phones()).find((p) => p.extension === "1001");
  await h.killJanus();
  await agentPage.locator("[data-testid=phone-status][data-status=reconnecting]").waitFor({ timeout: 10000 });
  await agentPage.getByText("Selainpuhelin: yhdistetään uudelleen").waitFor();
  await accessible(agentPage, "the browser phone reconnecting");
  h.restartJanus();
  await agentPage.locator("[data-testid=phone-status][data-status=registered]").waitFor({ timeout: 30000 });
  // A new REGISTER through the new Janus (the next test's call rings through it as well).
  const after = (await phones()).find((p) => p.extension === "1001");
  assert.equal(after.registered, true);
  assert.match(after.user_agent, /Janus/);
  assert.ok(Date.parse(after.expires_at) > Date.parse(before.expires_at), `registered again: ${before.expires_at} → ${after.expires_at}`);
});

test("the test caller page in a second tab calls a line and the desktop answers it", async () => {
  // The agent is in wrap-up after the last call for a while; ready again for the next one.
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 30000, "a1 available again");
  const callerPage = await newPage();
  await callerPage.goto(h.base + "/test-caller");
  await callerPage.getByRole("heading", { name: "Testisoittaja" }).waitFor();
  await callerPage.getByLabel("Palvelulinjan numero").selectOption("116123");
  await callerPage.getByLabel("Soittajan numero").fill("0501234567");
  await accessible(callerPage, "the test caller");
  await callerPage.getByRole("button", { name: "Soita" }).click();

  const ringing = agentPage.locator("[data-testid=browser-phone][data-status=ringing]");
  await ringing.waitFor({ timeout: 20000 });
  await ringing.getByText("+358501234567").waitFor();
  await ringing.getByRole("button", { name: "Vastaa" }).click();
  await agentPage.locator("[data-testid=browser-phone][data-status=incall]").waitFor({ timeout: 10000 });
  await callerPage.locator("[data-testid=test-caller-status][data-status=incall]").waitFor({ timeout: 10000 });
  await audioFlowsBothWays(callerPage, "the test caller");
  await audioFlowsBothWays(agentPage, "the desktop");
  await mediaOnLoopback(callerPage, "the test caller", { browserEnd: false });
  await mediaOnLoopback(agentPage, "the desktop");
  await screenshot(callerPage, "test-caller");
  await accessible(callerPage, "the test caller in a call");

  await callerPage.getByRole("button", { name: "Lopeta puhelu" }).click();
  await agentPage.locator("[data-testid=browser-phone]").waitFor({ state: "detached", timeout: 10000 });
  await callerPage.locator("[data-testid=test-caller-status][data-status=idle]").waitFor();
  await callerPage.close();
});

test("click-to-call rings the browser phone first and, once answered there, dials the citizen", async () => {
  // Once the last call is wrapped up (the gateway has let go of it too: a phone still closing a
  // call answers busy).
  await agentPage.locator("[data-testid=phone-status][data-status=registered]").waitFor();
  await eventually(async () => (await h.api("GET", "/api/v1/presence")).body.items.find((p) => p.agent === "a1")?.state.status === "available", 30000, "a1 available again");
  const citizen = await h.sipp("citizen", "trunk_answer.xml", 1, [], h.operatorPort);
  const placed = await h.api("POST", "/api/v1/calls", { agent: "a1", line: "duty", number: "0401112223" });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  const ringing = agentPage.locator("[data-testid=browser-phone][data-status=ringing]");
  await ringing.waitFor({ timeout: 15000 });
  await ringing.getByRole("button", { name: "Vastaa" }).click();
  await agentPage.locator("[data-testid=browser-phone][data-status=incall]").waitFor({ timeout: 10000 });
  // The citizen's phone (the operator's side) answers: the call is under way, with audio.
  const dialled = await eventually(async () => (await h.events("call.dialled")).at(-1), 10000, "the call dialled");
  await eventually(async () => (await h.events("call.answered")).some((e) => e.stream === dialled.stream), 15000, "the citizen answered");
  await audioFlowsBothWays(agentPage, "the desktop calling out");
  await agentPage.locator("[data-testid=browser-phone]").getByRole("button", { name: "Lopeta puhelu" }).click();
  assert.equal(await citizen.wait(20000), 0, h.log("citizen"));
  await agentPage.locator("[data-testid=browser-phone]").waitFor({ state: "detached", timeout: 10000 });
});

test("signing out ends the browser phone's registration", async () => {
  await agentPage.getByRole("button", { name: "aino" }).click();
  await agentPage.getByRole("menuitem", { name: "Kirjaudu ulos" }).click();
  await agentPage.getByLabel("Käyttäjätunnus").waitFor();
  await eventually(async () => !(await phones()).find((p) => p.extension === "1001").registered, 5000, "1001 unregistered");
});

test("without Janus the desktop works on and says the browser phone is unavailable", async () => {
  const stopped = spawnSync(join(SOURCE_DIR, "scripts/janus.sh"), ["stop", h.janusDir]);
  assert.equal(stopped.status, 0);
  await agentPage.getByLabel("Käyttäjätunnus").fill("aino");
  await agentPage.getByLabel("Salasana").fill(h.agentPassword);
  await agentPage.getByLabel("Salasana").press("Enter");
  await agentPage.locator("[data-testid=feed-status][data-status=live]").waitFor();
  await agentPage.locator("[data-testid=phone-status][data-status=unavailable]").waitFor({ timeout: 15000 });
  assert.equal((await phones()).find((p) => p.extension === "1001").registered, false);
  await accessible(agentPage, "the desktop without its gateway");
});
