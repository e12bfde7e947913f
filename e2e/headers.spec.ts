// Protective headers and the Content Security Policy on every kind of answer (docs/security.md
// S15): a page, route handlers, static files, the sign-in redirect, a 404 and a 400; a fresh
// nonce that Next's own scripts carry; every portal page free of CSP violations in Chromium;
// and a page of another origin unable to frame the portal.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIResponse, Page } from "@playwright/test";
import { ADMIN, BASE_URL, expect, signIn, test, warmUp } from "./fixtures";
import { issueCertificate, uniqueCommonName } from "./pages/certificates-support";
import { LoginPage } from "./pages/login-page";
import { UploadCsrsPage } from "./pages/batches-upload-page";

test.beforeAll(({ browser }) => warmUp(browser));

const PROTECTIVE = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self)",
  "cross-origin-opener-policy": "same-origin",
};

/** The protective headers every answer carries; returns its CSP's nonce, if any. */
function expectProtected(res: APIResponse, what: string): string | undefined {
  const headers = res.headers();
  expect(headers, what).toMatchObject(PROTECTIVE);
  expect(headers["x-powered-by"], what).toBeUndefined();
  // The end-to-end server is plain http: no HSTS (it is for HTTPS answers only).
  expect(headers["strict-transport-security"], what).toBeUndefined();
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) {
    expect(csp, what).toContain(directive);
  }
  expect(csp, what).not.toContain("unsafe-eval");
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
}

test.describe("protective headers on every answer", () => {
  test("a page carries a nonce policy, and Next's scripts on it carry that nonce", async ({ request }) => {
    const res = await request.get("/login");
    expect(res.status()).toBe(200);
    const nonce = expectProtected(res, "/login");
    expect(nonce).toBeDefined();
    expect(res.headers()["content-security-policy"]).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  test("two requests get different nonces", async ({ request }) => {
    const first = expectProtected(await request.get("/login"), "first /login");
    const second = expectProtected(await request.get("/login"), "second /login");
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
  });

  test("a route handler, an Auth.js endpoint and the sign-in redirect are covered", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expectProtected(health, "/api/health");

    const redirect = await request.get("/", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toMatch(/\/login$/);
    expectProtected(redirect, "/ without a session");

    const auth = await request.get("/api/auth/csrf");
    expect(auth.status()).toBe(200);
    expectProtected(auth, "/api/auth/csrf");
  });

  test("static files get the headers and a policy without a nonce", async ({ request }) => {
    const html = await (await request.get("/login")).text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await request.get(script ?? "");
    expect(asset.status()).toBe(200);
    expect(expectProtected(asset, script ?? "")).toBeUndefined();

    // The favicon is answered (a file or a 404) without a login redirect, protected either way.
    const favicon = await request.get("/favicon.ico", { maxRedirects: 0 });
    expect(favicon.status()).not.toBe(307);
    expectProtected(favicon, "/favicon.ico");

    const missingAsset = await request.get("/_next/static/chunks/no-such-chunk.js");
    expect(missingAsset.status()).toBe(404);
    expectProtected(missingAsset, "a missing static file");
  });

  test("pages are compressed as the client asks (Brotli for a browser), exports are sent as they are", async ({ adminPage }) => {
    const api = adminPage.request;
    const browserLike = await api.get("/certificates", { headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
    expect(browserLike.headers()["content-encoding"]).toBe("br");
    expect(browserLike.headers()["vary"]).toMatch(/accept-encoding/i);
    expect(await browserLike.text()).toContain("Certificates");
    const gzipOnly = await api.get("/certificates", { headers: { "accept-encoding": "gzip" } });
    expect(gzipOnly.headers()["content-encoding"]).toBe("gzip");
    expect(await gzipOnly.text()).toContain("Certificates");
    const none = await api.get("/certificates", { headers: { "accept-encoding": "identity" } });
    expect(none.headers()["content-encoding"]).toBeUndefined();
    // An export streams uncompressed (Cache-Control: no-transform): compressing cost more than the rows.
    const csv = await api.get("/api/certificates/export?q=example", { headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-encoding"]).toBeUndefined();
    expectProtected(browserLike, "a compressed page");
  });

  test("the 404 page is covered, with a nonce its scripts carry", async ({ adminPage }) => {
    const res = await adminPage.request.get("/no-such-page");
    expect(res.status()).toBe(404);
    const nonce = expectProtected(res, "/no-such-page");
    expect(nonce).toBeDefined();
    expect(await res.text()).toContain(`nonce="${nonce}"`);
  });

  test("an address whose %-escapes do not decode gets a 400 with the headers, not a bare 500", async ({ adminPage }) => {
    for (const path of ["/certificates/%ZZ", "/audit/%ff"]) {
      const res = await adminPage.request.get(path);
      expect(res.status(), path).toBe(400);
      expectProtected(res, path);
    }
  });

  test("Strict-Transport-Security is sent when the request came over HTTPS, as a TLS proxy says", async ({ request }) => {
    const res = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  });
});

/**
 * Collects every CSP violation in a page: Chromium's console message, and the
 * `securitypolicyviolation` event seen by a script that runs before the page's own.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) violations.push(`console on ${page.url()}: ${msg.text()}`);
  });
  await page.exposeFunction("__reportCspViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    const bridge = window as unknown as { __reportCspViolation: (line: string) => Promise<void> };
    document.addEventListener("securitypolicyviolation", (e) => void bridge.__reportCspViolation(`event on ${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
  });
  return violations;
}

/** Opens a page and checks that Next's scripts ran on it (they set `window.next`). */
async function visit(page: Page, path: string, violations: string[]): Promise<void> {
  const res = await page.goto(path);
  expect(res?.ok(), path).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const ran = await page.waitForFunction(() => "next" in window, undefined, { timeout: 15_000 }).then(
    () => true,
    () => false,
  );
  expect(ran, `Next's scripts ran on ${path}; violations so far:\n${violations.join("\n")}`).toBe(true);
}

test("every portal page runs under the policy without a single violation", async ({ page }) => {
  test.setTimeout(180_000);
  const violations = await watchViolations(page);

  await visit(page, "/login", violations);
  const shell = await signIn(page, ADMIN.email, ADMIN.password);
  // Issuing a certificate walks the new-certificate form and the batch page, and gives a
  // certificate and a batch of this run to open.
  const issued = await issueCertificate(page, uniqueCommonName());

  for (const path of [
    "/",
    "/certificates",
    `/certificates/${issued.serial}`,
    "/batches",
    `/batches/${issued.batchId}`,
    "/batches/new",
    "/audit",
    "/audit/1",
    "/admin/users",
    "/admin/settings",
    "/approvals",
    "/authorities",
    "/connection",
    "/forbidden",
    "/account",
  ]) {
    await visit(page, path, violations);
  }
  // The authenticator-app set-up shows its QR code as a data: image (not confirmed: no factor is added).
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();

  // The CSR generator: its code is a chunk loaded on demand, its key a Blob URL download.
  const upload = new UploadCsrsPage(page);
  await upload.goto();
  await page.waitForFunction(() => "next" in window);
  const keyLink = await upload.generate({ commonName: uniqueCommonName() });
  const [download] = await Promise.all([page.waitForEvent("download"), keyLink.click()]);
  expect(download.suggestedFilename()).toMatch(/\.key\.pem$/);
  await expect(upload.text).toHaveValue(/-----BEGIN CERTIFICATE REQUEST-----/);

  // The login page once more, reached by signing out.
  await shell.signOut();
  await expect(new LoginPage(page).submit).toBeVisible();

  expect(violations).toEqual([]);
});

test("a page of another origin cannot frame the portal", async ({ page }) => {
  const portalLogin = `${BASE_URL}/login`;
  const framer: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>framer</title><iframe id="portal" src="${portalLogin}" onload="document.title='frame done'"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = framer.address() as AddressInfo;
    const refusals: string[] = [];
    page.on("console", (msg) => {
      if (msg.text().includes("frame-ancestors")) refusals.push(msg.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    // The iframe's load event fires for a blocked frame too: after it, the verdict is in.
    await expect(page).toHaveTitle("frame done");
    const frame = page.frameLocator("#portal");
    await expect(frame.getByRole("button", { name: "Sign in" })).toHaveCount(0);
    await expect(frame.getByText("TRISA CA Portal")).toHaveCount(0);
    // Refused by the portal's own answer, not by a failure to connect.
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
  } finally {
    await new Promise<void>((resolve) => framer.close(() => resolve()));
  }
});
