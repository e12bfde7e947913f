import { defineConfig } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (apt-get install -y chromium) against a
// production build served by `npm start` (server.mjs), with its own data folder and simulator port
// so that a portal you are running yourself is not disturbed. Playwright downloads no
// browser here.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 8931);
const baseURL = `http://127.0.0.1:${PORT}`;
// Where e2e/notices.spec.ts listens for the portal's expiry notices (the main port + 40).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 40);
process.env.E2E_SMTP_PORT ??= String(SMTP_PORT);
// The server's scratch folder (wiped at each start). E2E_DIR=.e2e/<name> with its own
// E2E_PORT / E2E_SIMULATOR_PORT lets two runs share one checkout without disturbing each other.
const E2E_DIR = process.env.E2E_DIR ?? ".e2e";

// The first admin the server creates at its first start, and where its database lives.
// Set on process.env so the test workers (which load this file too) read the same values
// through e2e/fixtures.ts.
process.env.E2E_ADMIN_EMAIL ??= "admin@e2e.test";
process.env.E2E_ADMIN_PASSWORD ??= "e2e-admin-password-0123";
process.env.E2E_DATABASE ??= `${E2E_DIR}/data/portal.db`;
process.env.E2E_BASE_URL ??= baseURL;
// The main portal's expiry clock (lib/expiry/clock.ts) reads its offset from this file, so a
// test moves time for the expiry watch by writing it (e2e/fixtures.ts moveExpiryClock).
process.env.E2E_EXPIRY_CLOCK_FILE ??= `${E2E_DIR}/data/expiry-clock-offset-ms`;

// The "offline" server: a second portal whose SECTIGO_ENDPOINT is a loopback port where
// nothing listens, with a Sectigo account set, so e2e/offline/** can check what every page
// says when Sectigo is unreachable. Its own port, data folder and database; the same admin.
// Default ports: the main ones + 10 (E2E_PORT=3203 → 3213, E2E_SIMULATOR_PORT=8953 → 8963).
const OFFLINE_PORT = Number(process.env.E2E_OFFLINE_PORT ?? PORT + 10);
const OFFLINE_SECTIGO_PORT = Number(process.env.E2E_OFFLINE_SECTIGO_PORT ?? SIMULATOR_PORT + 10);
const offlineBaseURL = `http://127.0.0.1:${OFFLINE_PORT}`;
// A sibling of E2E_DIR, not inside it: the main server wipes E2E_DIR when it starts.
const OFFLINE_DIR = `${E2E_DIR}-offline`;
process.env.E2E_OFFLINE_DATABASE ??= `${OFFLINE_DIR}/data/portal.db`;
process.env.E2E_OFFLINE_BASE_URL ??= offlineBaseURL;
process.env.E2E_OFFLINE_SECTIGO_HOST ??= `127.0.0.1:${OFFLINE_SECTIGO_PORT}`;

// The "sso" server: a third portal with single sign-on through a test identity provider
// (e2e/support/idp.mjs, started by e2e/sso.spec.ts itself on E2E_IDP_PORT), so only that spec
// meets an SSO button. Its own port, simulator port, data folder and database; the same admin.
// Default ports: the main one + 2 (its simulator + 3), the identity provider the main one + 30.
const SSO_PORT = Number(process.env.E2E_SSO_PORT ?? PORT + 2);
const SSO_SIMULATOR_PORT = Number(process.env.E2E_SSO_SIMULATOR_PORT ?? SSO_PORT + 1);
const IDP_PORT = Number(process.env.E2E_IDP_PORT ?? PORT + 30);
// "localhost", not 127.0.0.1: Next's request URLs name every loopback address "localhost", and
// the callback URL Auth.js sends to the provider must be the same from a server action (built
// from AUTH_URL) and from its route handler (built from the request).
const ssoBaseURL = `http://localhost:${SSO_PORT}`;
const SSO_DIR = `${E2E_DIR}-sso`;
process.env.E2E_SSO_DATABASE ??= `${SSO_DIR}/data/portal.db`;
process.env.E2E_SSO_BASE_URL ??= ssoBaseURL;
process.env.E2E_IDP_PORT ??= String(IDP_PORT);
process.env.E2E_IDP_CLIENT_ID ??= "ca-portal";
process.env.E2E_IDP_CLIENT_SECRET ??= "e2e-only-client-secret-0123456789";
process.env.E2E_IDP_NAME ??= "Example IdP";

// The "passkeys" server: WebAuthn refuses a bare IP address as the site a passkey belongs to,
// so e2e/passkeys/** run against a fourth portal opened at http://localhost (its AUTH_URL).
// Default port: the main one + 20; its simulator the main one + 20.
const PASSKEY_PORT = Number(process.env.E2E_PASSKEY_PORT ?? PORT + 20);
const passkeyBaseURL = `http://localhost:${PASSKEY_PORT}`;
const PASSKEY_DIR = `${E2E_DIR}-passkeys`;
process.env.E2E_PASSKEY_DATABASE ??= `${PASSKEY_DIR}/data/portal.db`;
process.env.E2E_PASSKEY_BASE_URL ??= passkeyBaseURL;

const sharedServerEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  // The suite signs its accounts in hundreds of times with a password, and a TOTP code is
  // accepted once per 30 s: no role must have a factor here. e2e/factors.spec.ts sets the
  // policy it tests itself.
  FACTOR_POLICY: "none",
  SECTIGO_TIMEOUT_MS: "4000",
  ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
  ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
  AUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
};

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  retries: 0,
  // A focused test left in by mistake would pass CI on one test; under CI it fails the run instead.
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL,
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // Everything against the portal with its embedded simulator.
    { name: "portal", testIgnore: [/[\\/](offline|passkeys)[\\/]/, /[\\/]sso\.spec\.ts$/], use: { baseURL } },
    // Against the portal whose Sectigo is unreachable.
    { name: "offline", testMatch: /[\\/]offline[\\/].*\.spec\.ts$/, use: { baseURL: offlineBaseURL } },
    // Against the portal with single sign-on configured.
    { name: "sso", testMatch: /[\\/]sso\.spec\.ts$/, use: { baseURL: ssoBaseURL } },
    // Passkeys, against the portal opened at localhost.
    { name: "passkeys", testMatch: /[\\/]passkeys[\\/].*\.spec\.ts$/, use: { baseURL: passkeyBaseURL } },
  ],
  webServer: [
    {
      command: `rm -rf ${E2E_DIR} && mkdir -p ${E2E_DIR} && exec node server.mjs -p ${PORT} -H 127.0.0.1`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "pipe",
      env: {
        ...sharedServerEnv,
        DATA_DIR: `${E2E_DIR}/data`,
        SIMULATOR_PORT: String(SIMULATOR_PORT),
        SIMULATOR_PROCESSING_DELAY_MS: "500",
        SIMULATOR_LEAF_KEY_BITS: "2048",
        // Fault injection for the "when Sectigo fails" specs (e2e/simulator-faults.ts), and a
        // short Sectigo timeout (sharedServerEnv) so a silent Sectigo is met in seconds.
        SIMULATOR_CONTROL_API: "1",
        SECTIGO_ENDPOINT: "",
        SECTIGO_USERNAME: "",
        SECTIGO_PASSWORD: "",
        DATABASE_URL: process.env.E2E_DATABASE,
        EXPIRY_TEST_CLOCK_FILE: process.env.E2E_EXPIRY_CLOCK_FILE,
        // One host name for redirects and cookies: Auth.js builds redirect URLs from AUTH_URL.
        AUTH_URL: baseURL,
        // Expiry notices go to the SMTP server e2e/notices.spec.ts runs on this port. Without
        // recipients on Settings (every other spec) nothing is sent by e-mail.
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        NOTIFY_FROM: "ca-portal@e2e.test",
      },
    },
    {
      // Its health check answers although Sectigo is down: in live mode the connection is
      // only a client, and start-up recovery runs in the background (instrumentation.ts).
      command: `rm -rf ${OFFLINE_DIR} && mkdir -p ${OFFLINE_DIR} && exec node server.mjs -p ${OFFLINE_PORT} -H 127.0.0.1`,
      url: `${offlineBaseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "pipe",
      env: {
        ...sharedServerEnv,
        DATA_DIR: `${OFFLINE_DIR}/data`,
        DATABASE_URL: process.env.E2E_OFFLINE_DATABASE,
        SECTIGO_ENDPOINT: `http://${process.env.E2E_OFFLINE_SECTIGO_HOST}`,
        SECTIGO_USERNAME: "e2e-offline-user",
        SECTIGO_PASSWORD: "e2e-offline-password",
        AUTH_URL: offlineBaseURL,
      },
    },
    {
      command: `rm -rf ${SSO_DIR} && mkdir -p ${SSO_DIR} && exec node server.mjs -p ${SSO_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${SSO_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "pipe",
      env: {
        ...sharedServerEnv,
        DATA_DIR: `${SSO_DIR}/data`,
        DATABASE_URL: process.env.E2E_SSO_DATABASE,
        SIMULATOR_PORT: String(SSO_SIMULATOR_PORT),
        SECTIGO_ENDPOINT: "",
        SECTIGO_USERNAME: "",
        SECTIGO_PASSWORD: "",
        AUTH_URL: ssoBaseURL,
        OIDC_ISSUER: `http://127.0.0.1:${IDP_PORT}`,
        OIDC_CLIENT_ID: process.env.E2E_IDP_CLIENT_ID,
        OIDC_CLIENT_SECRET: process.env.E2E_IDP_CLIENT_SECRET,
        OIDC_NAME: process.env.E2E_IDP_NAME,
      },
    },
    {
      command: `rm -rf ${PASSKEY_DIR} && mkdir -p ${PASSKEY_DIR} && exec node server.mjs -p ${PASSKEY_PORT} -H 127.0.0.1`,
      url: `http://127.0.0.1:${PASSKEY_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: "pipe",
      env: {
        ...sharedServerEnv,
        DATA_DIR: `${PASSKEY_DIR}/data`,
        DATABASE_URL: process.env.E2E_PASSKEY_DATABASE,
        SIMULATOR_PORT: String(SIMULATOR_PORT + 20),
        SECTIGO_ENDPOINT: "",
        SECTIGO_USERNAME: "",
        SECTIGO_PASSWORD: "",
        AUTH_URL: passkeyBaseURL,
      },
    },
  ],
});
