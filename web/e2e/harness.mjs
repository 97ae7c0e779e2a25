// What the browser tests run against: the real luukku binary with telephony on 127.0.0.1, a
// fresh data directory with the telephony tests' region, staff accounts, and SIPp peers
// (desk phones, callers, the operator's trunk). Everything it starts it also stops.
// ctest (tests/web) sets LUUKKU_BINARY (the luukku to run), LUUKKU_SOURCE_DIR (the checkout:
// the test region, SIPp scenarios, the built web/static) and LUUKKU_E2E_ARTIFACTS (where the
// screenshots go); LUUKKU_CHROMIUM overrides Debian's Chromium.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProvider } from "./oidc-provider.mjs";

export const BINARY = process.env.LUUKKU_BINARY;
export const SOURCE_DIR = process.env.LUUKKU_SOURCE_DIR;
export const ARTIFACTS = process.env.LUUKKU_E2E_ARTIFACTS ?? join(tmpdir(), "luukku-web-e2e");
const SCENARIOS = join(SOURCE_DIR ?? ".", "tests/sip");

async function bindable(port, type) {
  return new Promise((resolve) => {
    if (type === "udp") {
      const s = createSocket("udp4");
      s.once("error", () => resolve(false));
      s.bind(port, "127.0.0.1", () => s.close(() => resolve(true)));
    } else {
      const s = createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    }
  });
}

// A port free for both UDP and TCP (SIP and SIPp use UDP; the choice is random in the
// ephemeral range so that tests running side by side rarely meet).
export async function freePort(even = false) {
  for (let i = 0; i < 200; i++) {
    let p = 20000 + Math.floor(Math.random() * 40000);
    if (even) p &= ~1;
    if ((await bindable(p, "udp")) && (await bindable(p, "tcp")) && (!even || (await bindable(p + 1, "udp") && await bindable(p + 2, "udp") && await bindable(p + 3, "udp")))) return p;
  }
  throw new Error("no free port");
}

// The media ports this test's server takes: the block ctest handed it (make test runs ctest with
// tests/web/e2e-resources.json, so browser tests running side by side never share one), else a
// block picked at random off those (a test run by hand).
export function mediaPorts(env = process.env) {
  const given = /(?:^|,)id:(\d+)(?:,|$)/.exec(env.CTEST_RESOURCE_GROUP_0_E2E_MEDIA ?? "");
  const block = given ? Number(given[1]) : 2 + Math.floor(Math.random() * 8);
  const min = 35000 + 400 * block;
  return { min, max: min + 398 };
}

function run(args, input) {
  const r = spawnSync(BINARY, args, { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`luukku ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

export class Harness {
  dir = mkdtempSync(join(tmpdir(), "luukku-web-"));
  children = [];

  // `options.janus`: start Janus (scripts/janus.sh) on loopback ports of its own and give the
  // server its address, so the desktop has a browser phone; `options.testCaller`: enable the
  // test caller page as well; `options.region`: another region to import than the telephony
  // tests' (a file with the same duty line and agents a1 and a2, which telephony.toml names).
  async start(options = {}) {
    mkdirSync(ARTIFACTS, { recursive: true });
    this.sipPort = await freePort();
    this.operatorPort = await freePort();
    const media = mediaPorts();
    writeFileSync(
      join(this.dir, "telephony.toml"),
      `[sip]\nlisten = "127.0.0.1:${this.sipPort}"\nmin_expires = 1\ntransaction_timeout_ms = 2000\n` +
        `[media]\naddress = "127.0.0.1"\nport_min = ${media.min}\nport_max = ${media.max}\n` +
        `[queue]\nannounce_interval_s = 2\nclosed_menu_s = 1\nrecord_silence_s = 2\n` +
        `[[trunks]]\nname = "test"\nallowed_sources = ["127.0.0.1"]\noutbound_address = "127.0.0.1:${this.operatorPort}"\n` +
        `[[outbound]]\nline = "duty"\noutbound = true\nallowed = ["+35840*"]\n` +
        `[[phones]]\nextension = "1001"\nagent = "a1"\npassword = "secret-1001"\n` +
        `[[phones]]\nextension = "1002"\nagent = "a2"\npassword = "secret-1002"\n`,
    );
    const global = ["--data-dir", join(this.dir, "data"), "--log-level", "warn"];
    run([...global, "import-config", options.region ?? join(SOURCE_DIR, "tests/telephony/test-region.toml")]);
    this.agentPassword = "Kesäpäivä-luukku-2026";
    this.supervisorPassword = "Talvi-ilta-luukku-2026";
    run([...global, "user", "add", "aino", "--name", "Aino Agentti", "--role", "agent", "--agent", "a1", "--password-stdin"], this.agentPassword + "\n");
    run([...global, "user", "add", "sirpa", "--name", "Sirpa Esihenkilö", "--role", "supervisor", "--password-stdin"], this.supervisorPassword + "\n");
    this.token = run([...global, "token", "create", "--name", "web-e2e", "--role", "agent", "--role", "supervisor", "--role", "admin"]).trim();

    const settings = [];
    if (options.janus) {
      this.janusUrl = await this.startJanus();
      settings.push(`[telephony]\njanus_url = "${this.janusUrl}"\n`);
    }
    if (options.testCaller) settings.push("[web]\ntest_caller = true\n");
    // Chat visitors' identification: a real OpenID provider (oidc-provider.mjs) that sends the
    // browser back to this server, whose port is therefore chosen here.
    let listen = "127.0.0.1:0";
    if (options.identification) {
      const port = await freePort();
      listen = `127.0.0.1:${port}`;
      this.provider = await startProvider(this, `http://127.0.0.1:${port}/api/v1/chat/identification/callback`, options.identification);
      settings.push(
        `[citizen_identification]\nissuer = "${this.provider.issuer}"\nclient_id = "${this.provider.clientId}"\n` +
          `client_secret = "${this.provider.clientSecret}"\nredirect_uri = "${this.provider.redirectUri}"\n` +
          `scopes = "openid profile personal_identity_code"\nca_file = "${this.provider.caFile}"\n`,
      );
    }
    // Acting on another's behalf: the demo's development registers (config/demo-*-register.json).
    if (options.onBehalf) {
      settings.push(
        `[on_behalf]\npopulation_register = "${join(SOURCE_DIR, "config/demo-population-register.json")}"\n` +
          `mandate_register = "${join(SOURCE_DIR, "config/demo-mandate-register.json")}"\n` +
          `mandate_issue = "sosiaali-ja-terveyspalvelut"\n`,
      );
    }
    const settingsFile = join(this.dir, "luukku.toml");
    writeFileSync(settingsFile, settings.join(""));

    const ready = join(this.dir, "ready");
    const server = this.spawn("server", BINARY, [
      "-c", settingsFile,
      "--data-dir", join(this.dir, "data"),
      "--telephony-config", join(this.dir, "telephony.toml"),
      "--sip-listen", `127.0.0.1:${this.sipPort}`,
      "--http-listen", listen,
      "--web-root", join(SOURCE_DIR, "web/static"),
      "--log-level", "warn",
      "serve", "--ready-file", ready,
    ]);
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`luukku exited during start-up:\n${this.log("server")}`);
      if (existsSync(ready)) {
        const port = Number(readFileSync(ready, "utf8").trim());
        if (port > 0) {
          this.base = `http://127.0.0.1:${port}`;
          return;
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("luukku did not become ready in 30 s");
  }

  // Janus with the SIP plugin and the WebSocket transport on 127.0.0.1 (scripts/janus.sh): a
  // WebSocket port and two blocks of RTP ports (the SIP side, the browser side) picked here, off
  // Luukku's media range. Returns its address; stop() stops it.
  async startJanus() {
    const ws = await freePort();
    const block = 42000 + 200 * Math.floor(Math.random() * 80); // 42000-57999, 200 ports each
    const sipRtp = `${block}-${block + 99}`;
    const ice = `${block + 100}-${block + 199}`;
    this.janusDir = join(this.dir, "janus");
    this.janusArgs = [String(ws), sipRtp, ice];
    this.runJanus();
    return `ws://127.0.0.1:${ws}`;
  }

  runJanus() {
    const r = spawnSync(join(SOURCE_DIR, "scripts/janus.sh"), ["start", this.janusDir, ...this.janusArgs], { encoding: "utf8" });
    const pidFile = join(this.janusDir, "janus.pid");
    if (r.status !== 0 || !existsSync(pidFile)) {
      throw new Error(`janus did not start: ${r.stdout}${r.stderr}${this.janusLog()}`);
    }
    this.janusPid = Number(readFileSync(pidFile, "utf8").trim());
  }

  // Stops the Janus started here, by its process id, and waits until it is gone.
  async killJanus() {
    process.kill(this.janusPid, "SIGTERM");
    await eventually(() => {
      try {
        process.kill(this.janusPid, 0);
        return false;
      } catch {
        return true;
      }
    }, 15000, "janus gone");
  }

  // Starts Janus again on the same ports (after killJanus).
  restartJanus() {
    this.runJanus();
  }

  janusLog() {
    const file = join(this.janusDir ?? this.dir, "janus.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  spawn(name, command, args, env = undefined) {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: env ? { ...process.env, ...env } : process.env });
    const chunks = [];
    child.stdout.on("data", (d) => chunks.push(d));
    child.stderr.on("data", (d) => chunks.push(d));
    child.logChunks = chunks;
    child.name = name;
    this.children.push(child);
    return child;
  }

  log(name) {
    const c = this.children.find((x) => x.name === name);
    return c ? Buffer.concat(c.logChunks).toString() : "";
  }

  // A SIPp peer; resolves its exit code with wait().
  async sipp(name, scenario, calls, extra, localPort) {
    const port = localPort ?? (await freePort());
    const media = await freePort(true);
    const child = this.spawn(name, "sipp", [
      "-sf", join(SCENARIOS, scenario), `127.0.0.1:${this.sipPort}`,
      "-i", "127.0.0.1", "-p", String(port), "-mp", String(media),
      "-nostdin", "-m", String(calls), "-timeout", "120s", "-timeout_error",
      ...extra,
    ]);
    child.mediaPort = media;
    child.wait = (ms = 60000) =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => reject(new Error(`${name} did not finish:\n${this.log(name)}`)), ms);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    return child;
  }

  async registerPhone(ext, contactPort) {
    const reg = await this.sipp(`register-${ext}`, "register.xml", 1, [
      "-key", "ext", ext, "-au", ext, "-ap", `secret-${ext}`, "-key", "contact_port", String(contactPort), "-key", "expires", "600",
    ]);
    const code = await reg.wait(20000);
    if (code !== 0) throw new Error(`registering ${ext} failed:\n${this.log(`register-${ext}`)}`);
  }

  // The API as an integration (a token with every staff role).
  async api(method, path, body) {
    const res = await fetch(this.base + path, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async events(type) {
    const out = [];
    let after = 0;
    for (;;) {
      const page = await this.api("GET", `/api/v1/events?after=${after}&limit=1000`);
      for (const e of page.body.items) if (!type || e.type === type) out.push(e);
      if (page.body.items.length < 1000) return out;
      after = page.body.items[page.body.items.length - 1].seq;
    }
  }

  async stop() {
    for (const c of this.children.reverse()) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill(c.name === "server" ? "SIGTERM" : "SIGKILL");
        await new Promise((r) => {
          const t = setTimeout(r, 10000);
          c.once("exit", () => {
            clearTimeout(t);
            r();
          });
        });
      }
    }
    if (this.janusDir) spawnSync(join(SOURCE_DIR, "scripts/janus.sh"), ["stop", this.janusDir]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Polls until `check` returns a truthy value or the time is up.
export async function eventually(check, ms = 10000, what = "condition") {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

