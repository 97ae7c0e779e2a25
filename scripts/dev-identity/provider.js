// The development identity provider `make run` starts beside the server: oidc-provider (the
// same certified implementation the identity tests run) on http://127.0.0.1:<port>, standing
// in for Suomi.fi identification so that chat identification can be tried on one machine. Its
// sign-in page lists the test persons of config/dev-citizens.json; choosing one signs in as
// them, with their name and test identity code (the claim urn:oid:1.2.246.21). Never for
// production: anyone who reaches it can be anyone on its list.
//
//   node provider.js CONFIG_JSON
//     {"port", "persons_file", "client_id", "client_secret", "redirect_uri"}
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { Provider } = require('oidc-provider');

const config = JSON.parse(process.argv[2]);
const persons = JSON.parse(fs.readFileSync(config.persons_file, 'utf8')).persons;
const bySub = new Map(persons.map((p) => [p.sub, p]));
const issuer = `http://127.0.0.1:${config.port}`;

function claimsOf(p) {
  return {
    sub: p.sub,
    name: `${p.given_name} ${p.family_name}`,
    given_name: p.given_name,
    family_name: p.family_name,
    'urn:oid:1.2.246.21': p.identity_code,
  };
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'dev', use: 'sig', alg: 'RS256' }] },
  pkce: { methods: ['S256'], required: () => true },
  scopes: ['openid', 'profile', 'personal_identity_code'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name'],
    personal_identity_code: ['urn:oid:1.2.246.21'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(16).toString('hex')] },
  async findAccount(ctx, sub) {
    const p = bySub.get(sub);
    return p && { accountId: sub, claims: async () => claimsOf(p) };
  },
});
provider.on('server_error', (ctx, err) => console.error('provider error:', err));

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The sign-in page: one button per test person, in the three languages at once.
function signInPage(uid) {
  const buttons = persons.map((p) => `<li><button name="account" value="${escape(p.sub)}">` +
    `${escape(p.given_name)} ${escape(p.family_name)}</button></li>`).join('\n');
  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Testitunnistus · Testidentifiering · Test identification</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;width:100%;padding:.75rem;border:2px solid #003479;background:#fff;color:#003479;border-radius:4px;cursor:pointer}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}p{line-height:1.5}</style></head>
<body><main>
<h1>Testitunnistus</h1>
<p>Kehityskäytön tunnistus: valitse testihenkilö. <span lang="sv">Identifiering för utveckling: välj en testperson.</span>
<span lang="en">Identification for development: choose a test person.</span></p>
<form method="post" action="/interaction/${escape(uid)}/login"><ul>
${buttons}
</ul></form>
</main></body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

async function handle(req, res) {
  try {
    const login = /^\/interaction\/([\w-]+)\/login$/.exec(req.url);
    if (req.method === 'GET' && /^\/interaction\/[\w-]+$/.test(req.url)) {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(signInPage(details.uid));
        return;
      }
      // The consent a real provider asks for is given at once: the person chose to identify.
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    } else if (req.method === 'POST' && login) {
      const account = (await readForm(req)).get('account');
      if (!bySub.has(account)) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('unknown test person\n');
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
    } else {
      provider.callback()(req, res);
    }
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${err && err.message || err}\n`);
  }
}

http.createServer((req, res) => { handle(req, res); }).listen(config.port, '127.0.0.1', () => {
  console.log(`development identity provider on ${issuer}`);
});
