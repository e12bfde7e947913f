// A real OpenID Connect identity provider for the single sign-on specs (oidc-provider), on
// 127.0.0.1. Its sign-in page takes a login and no password; the login decides what the ID
// token says, so a test can be any person it needs:
//   "<e-mail>"             → that e-mail, verified; amr ["pwd"]
//   "mfa:<e-mail>"         → that e-mail, verified; amr ["pwd", "mfa"]
//   "unverified:<e-mail>"  → that e-mail, email_verified false
//   "no-email"             → no e-mail at all
// Consent is given by itself (the portal is the only client). Never for production use.
import { createServer } from "node:http";
import Provider from "oidc-provider";

function claimsFor(login) {
  const [kind, rest] = login.includes(":") ? [login.slice(0, login.indexOf(":")), login.slice(login.indexOf(":") + 1)] : ["plain", login];
  if (login === "no-email") return { sub: login };
  return { sub: login, email: rest, email_verified: kind !== "unverified" };
}

function amrFor(login) {
  return login.startsWith("mfa:") ? ["pwd", "mfa"] : ["pwd"];
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, clientId) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><p>Signing in to ${escapeHtml(clientId)}.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Login</label> <input id="login" name="login" autofocus required>
<button type="submit">Continue</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

/**
 * Starts the provider; resolves once it listens. `redirectUri` is the portal's callback,
 * e.g. http://127.0.0.1:3612/api/auth/callback/oidc.
 */
export async function startIdp({ port, clientId, clientSecret, redirectUri }) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    // oidc-provider puts `amr` (RFC 8176) in an ID token only when a scope's claims name it (or
    // the client asks for it by the claims parameter, which Auth.js does not): openid does here.
    claims: { openid: ["sub", "amr"], email: ["email", "email_verified"] },
    // The portal reads the ID token only: put the e-mail claims there, not only in userinfo.
    conformIdTokenClaims: false,
    cookies: { keys: ["e2e-only-idp-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => claimsFor(id) }),
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email");
      await grant.save();
      return grant;
    },
  });
  // A refusal by the provider shows in the test's output, not only as a failed sign-in in the portal.
  for (const event of ["grant.error", "authorization.error", "server_error"]) {
    provider.on(event, (_ctx, err) => console.error(`test identity provider ${event}: ${err?.message ?? err} ${err?.error_description ?? ""} ${err?.error_detail ?? ""}`));
  }
  const handle = provider.callback();
  const server = createServer(async (req, res) => {
    try {
      const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? "");
      if (!match) return handle(req, res);
      if (req.method === "GET" && !match[2]) {
        const details = await provider.interactionDetails(req, res);
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return res.end(loginPage(details.uid, details.params.client_id));
      }
      if (req.method === "POST" && match[2]) {
        const login = ((await readForm(req)).get("login") ?? "").trim();
        return await provider.interactionFinished(req, res, { login: { accountId: login, amr: amrFor(login) } }, { mergeWithLastSubmission: false });
      }
      res.writeHead(404).end();
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" }).end(`test identity provider: ${err?.message ?? err}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// `node e2e/support/idp.mjs` runs it by hand, with the e2e SSO portal's settings.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.IDP_PORT ?? 3630);
  const idp = await startIdp({
    port,
    clientId: process.env.IDP_CLIENT_ID ?? "ca-portal",
    clientSecret: process.env.IDP_CLIENT_SECRET ?? "e2e-only-client-secret",
    redirectUri: process.env.IDP_REDIRECT_URI ?? "http://127.0.0.1:3612/api/auth/callback/oidc",
  });
  console.log(`test identity provider at ${idp.issuer}`);
}
