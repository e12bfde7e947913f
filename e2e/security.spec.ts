import { accountExists, ADMIN, auditEntriesAfter, auditHeadSeq, BASE_URL, expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";

const SUBREQUEST_HEADERS = [
  "middleware:middleware:middleware:middleware:middleware",
  "proxy:proxy:proxy:proxy:proxy",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
];

test.describe("authorization happens on the server", () => {
  test("a forged x-middleware-subrequest header gets the login redirect, not the page", async ({ request }) => {
    for (const value of SUBREQUEST_HEADERS) {
      for (const path of ["/admin/users", "/"]) {
        const res = await request.get(path, { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
        expect(res.status(), `${path} with ${value}`).toBe(307);
        expect(res.headers().location).toMatch(/\/login(\?|$)/);
        expect(await res.text()).not.toContain("Staff accounts");
      }
    }
  });

  test("a forged session cookie gets past the proxy but not the pages", async ({ request }) => {
    for (const value of SUBREQUEST_HEADERS.slice(0, 1)) {
      const res = await request.get("/admin/users", {
        headers: { "x-middleware-subrequest": value, cookie: "authjs.session-token=forged.not.a.real.token" },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(307);
      expect(res.headers().location).toMatch(/\/login(\?|$)/);
      expect(await res.text()).not.toContain("Add a staff account");
    }
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ adminPage }) => {
    const cookie = (await adminPage.context().cookies()).find((c) => c.name === "authjs.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    // It carries no personal data, only an encrypted session reference.
    expect(cookie?.value).not.toContain(ADMIN.email);
  });

  test("a support user posting straight to the create-account action is refused, and the refusal is audited", async ({ staffPage, browser }) => {
    const supportEmail = uniqueEmail("support-direct");
    const supportPassword = uniquePassword();
    // Capture a real create-account request from the admin's browser: its action id and body.
    const [captured] = await Promise.all([
      staffPage.page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
      staffPage.create({ email: supportEmail, name: "Support Direct", role: "support", password: supportPassword }),
    ]);
    const actionId = captured.headers()["next-action"] ?? "";
    const body = captured.postDataBuffer();
    expect(actionId).not.toBe("");
    expect(body).not.toBeNull();

    // The same request, for a new account, sent by the support user without the UI.
    const target = uniqueEmail("direct-post");
    const forged = Buffer.from((body ?? Buffer.alloc(0)).toString("latin1").replaceAll(supportEmail, target), "latin1");
    const support = await signedInContext(browser, supportEmail, supportPassword);
    const before = auditHeadSeq();
    const res = await support.page.request.post(captured.url(), {
      headers: {
        "next-action": actionId,
        "content-type": captured.headers()["content-type"] ?? "",
        accept: "text/x-component",
        origin: BASE_URL,
      },
      data: forged,
      maxRedirects: 0,
    });
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain("FORBIDDEN");
    expect(accountExists(target)).toBe(false);

    const denials = auditEntriesAfter(before, { action: "access.denied" });
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ actor_email: supportEmail, actor_role: "support", outcome: "denied", target_id: "users.manage" });
    expect(JSON.parse(denials[0]?.details ?? "{}")).toMatchObject({ permission: "users.manage", action: "createUserAction" });

    // The admin's own replay of the same request does create the account: the id and body were right.
    const adminRes = await staffPage.page.request.post(captured.url(), {
      headers: { "next-action": actionId, "content-type": captured.headers()["content-type"] ?? "", accept: "text/x-component", origin: BASE_URL },
      data: forged,
      maxRedirects: 0,
    });
    expect(adminRes.status()).toBe(200);
    expect(accountExists(target)).toBe(true);
    await support.context.close();
  });

  test("without a session, a direct action call is turned away before it runs", async ({ staffPage, playwright }) => {
    const [captured] = await Promise.all([
      staffPage.page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
      staffPage.create({ email: uniqueEmail("anon-capture"), name: "Anon Capture", role: "auditor", password: uniquePassword() }),
    ]);
    const target = uniqueEmail("anon-post");
    const body = Buffer.from((captured.postDataBuffer() ?? Buffer.alloc(0)).toString("latin1").replace(/anon-capture-[0-9a-f]+@e2e\.test/g, target), "latin1");
    const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
    for (const cookie of ["", "authjs.session-token=forged.value"]) {
      const res = await anonymous.post(captured.url(), {
        headers: { "next-action": captured.headers()["next-action"] ?? "", "content-type": captured.headers()["content-type"] ?? "", origin: BASE_URL, ...(cookie ? { cookie } : {}) },
        data: body,
        maxRedirects: 0,
      });
      if (cookie) {
        expect(await res.text()).toContain("UNAUTHENTICATED");
      } else {
        expect(res.status()).toBe(307);
      }
      expect(accountExists(target)).toBe(false);
    }
    await anonymous.dispose();
  });
});
