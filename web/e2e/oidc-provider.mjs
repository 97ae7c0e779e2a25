// A real OpenID provider for the browser tests: tests/identity/oidc/provider.js (the npm package
// oidc-provider, installed by the oidc_provider_install test into LUUKKU_TEST_OIDC_DIR) over
// HTTPS on 127.0.0.1 with a certificate made here. Its sign-in and consent pages answer at once
// for the first of `accounts`, so a browser sent there comes straight back to `redirectUri`.
// The harness stops it with the other processes it started.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = process.env.LUUKKU_TEST_OIDC_DIR;

export async function startProvider(h, redirectUri, accounts) {
  if (!DIR) throw new Error("LUUKKU_TEST_OIDC_DIR is not set; run through ctest");
  const cert = join(h.dir, "provider-cert.pem");
  const key = join(h.dir, "provider-key.pem");
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
  ], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const portFile = join(h.dir, "provider.port");
  const config = {
    cert,
    key,
    port_file: portFile,
    client_id: "luukku-chat",
    client_secret: "luukku-e2e-secret-51c2",
    redirect_uri: redirectUri,
    accounts,
  };
  const child = h.spawn("provider", "node", [join(DIR, "provider.js"), JSON.stringify(config)], {
    NODE_EXTRA_CA_CERTS: cert,
    NODE_PATH: join(DIR, "node_modules"),
  });
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the OpenID provider exited:\n${h.log("provider")}`);
    const port = existsSync(portFile) ? Number(readFileSync(portFile, "utf8").trim()) : 0;
    if (port > 0) {
      return {
        issuer: `https://127.0.0.1:${port}`,
        clientId: config.client_id,
        clientSecret: config.client_secret,
        redirectUri,
        caFile: cert,
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the OpenID provider did not start in 30 s");
}
