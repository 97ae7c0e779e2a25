// A real OpenID provider for Luukku's single sign-on tests: oidc-provider (a certified
// implementation) over HTTPS on 127.0.0.1, with a few test-only controls.
//
//   node provider.js CONFIG_JSON
//     {"cert": PEM file, "key": PEM file, "port_file": where to write the port,
//      "client_id", "client_secret", "redirect_uri",
//      "accounts": {"<sub>": {claims: "name", "preferred_username", "groups": [...],
//                             "urn:oid:1.2.246.21" (a citizen's identity code), ...}}}
//
// Test-only endpoints (nothing like them exists in a real provider):
//   POST /__test/authorize {"url", "account"}  plays the browser from Luukku's authorization
//        URL until the provider redirects back to redirect_uri, signing in as `account`;
//        answers {"location": <the callback URL>}
//   POST /__test/rotate  replaces the signing key with a new one (a new kid)
// Run with NODE_EXTRA_CA_CERTS=<cert> so its own fetches trust its certificate.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const https = require('node:https');
const { Provider } = require('oidc-provider');

const config = JSON.parse(process.argv[2]);
let nextAccount = Object.keys(config.accounts)[0];
let provider;
let issuer;

function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: crypto.randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

function build(keys) {
  const p = new Provider(issuer, {
    clients: [{
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: [config.redirect_uri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys },
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups', 'personal_identity_code'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name'],
      email: ['email'],
      groups: ['groups'],
      // A citizen's identification: the population register's name for the identity code.
      personal_identity_code: ['urn:oid:1.2.246.21'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
    async findAccount(ctx, sub) {
      if (!config.accounts[sub]) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...config.accounts[sub] }) };
    },
  });
  p.on('server_error', (ctx, err) => console.error('provider error:', err));
  return p;
}

// The sign-in and consent pages, answered at once for the account the test chose.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: nextAccount } },
      { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

// Follows redirects like a browser (with a cookie jar) until the provider sends it back to
// the client's redirect_uri.
async function walk(url) {
  const jar = new Map();
  for (let hops = 0; hops < 20; hops++) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) jar.delete(name); else jar.set(name, pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) {
      throw new Error(`the walk stopped at ${res.status}: ${await res.text()}`);
    }
    const next = new URL(location, url).toString();
    if (next.startsWith(config.redirect_uri)) return next;
    url = next;
  }
  throw new Error('too many redirects');
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function answer(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function handle(req, res) {
  try {
    if (req.method === 'POST' && req.url === '/__test/authorize') {
      const { url, account } = JSON.parse(await readBody(req));
      nextAccount = account;
      answer(res, 200, { location: await walk(url) });
    } else if (req.method === 'POST' && req.url === '/__test/rotate') {
      provider = build([newSigningKey()]);
      answer(res, 200, { rotated: true });
    } else if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
      await interaction(req, res);
    } else {
      provider.callback()(req, res);
    }
  } catch (err) {
    answer(res, 500, { error: String(err && err.message || err) + (err && err.cause ? ': ' + String(err.cause.message || err.cause) : '') });
  }
}

const server = https.createServer({
  cert: fs.readFileSync(config.cert),
  key: fs.readFileSync(config.key),
}, (req, res) => { handle(req, res); });

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  issuer = `https://127.0.0.1:${port}`;
  provider = build([newSigningKey()]);
  provider.proxy = false;
  fs.writeFileSync(config.port_file, `${port}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
