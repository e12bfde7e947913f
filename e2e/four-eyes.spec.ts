/**
 * Four-eyes revocation: with the setting on, a revocation becomes a request that a second
 * person approves on the Approvals page; the requester cannot approve it (the page offers no
 * way, and a replayed approval is refused on the server); rejection, withdrawal, expiry, a bulk
 * request, and the emergency path for key compromise.
 */
import Database from "better-sqlite3";
import type { Page, Request } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, BASE_URL, expect, newStaff, setFourEyes, signedInContext, test, warmUp } from "./fixtures";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { CertificatesSearchPage } from "./pages/certificates-search-page";
import { issueCertificate, uniqueCommonName, uniqueTag, type IssuedCertificate } from "./pages/certificates-support";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";

const ALL_ON = { single: true, bulk: true, emergencyKeyCompromise: false, requestHours: 24 };

test.beforeAll(({ browser }) => warmUp(browser));
test.afterEach(() => setFourEyes(null));

/** Two operators made by the admin: one asks, the other decides. */
async function twoOperators(browser: Parameters<typeof newStaff>[0]) {
  const a = (await newStaff(browser, "four-eyes-a", "operator")).operator;
  const b = (await newStaff(browser, "four-eyes-b", "operator")).operator;
  return { a, b };
}

/** On the certificate's page: asks for its revocation (reason superseded) with a note. */
async function requestRevocation(page: Page, cert: IssuedCertificate, reason = "Superseded (code 4)"): Promise<void> {
  const detail = new CertificateDetailPage(page);
  await detail.goto(cert.serial, cert.commonName);
  await detail.revokeButton.click();
  const dialog = detail.dialog(cert.commonName);
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: reason });
  await dialog.getByLabel("Type the common name to confirm").fill(cert.commonName);
  await dialog.getByLabel("Note for the approver (optional)").fill("replaced by a new key");
  await dialog.getByRole("button", { name: "Request revocation" }).click();
  await expect(dialog.getByTestId("revoke-result")).toHaveAttribute("data-outcome", "requested");
  await dialog.getByRole("button", { name: "Close" }).click();
}

function card(page: Page, commonName: string) {
  return page.getByTestId("request-card").filter({ hasText: commonName });
}

function isApprovePost(r: Request): boolean {
  return r.method() === "POST" && r.headers()["next-action"] !== undefined && (r.postData() ?? "").includes("requestId") && (r.postData() ?? "").includes("confirmation");
}

test("a single revocation waits for a second person: the requester cannot approve it, another operator does, and the CRL lists it", async ({ browser }) => {
  test.setTimeout(240_000);
  setFourEyes(ALL_ON);
  const { a, b } = await twoOperators(browser);
  const requester = await signedInContext(browser, a.email, a.password);
  const cert = await issueCertificate(requester.page, uniqueCommonName());
  const before = auditHeadSeq();
  await requestRevocation(requester.page, cert);

  // Nothing was sent to Sectigo; the certificate's page shows the request instead of a second revoke button.
  const detail = new CertificateDetailPage(requester.page);
  await detail.goto(cert.serial, cert.commonName);
  await expect(detail.status).toHaveText("Valid");
  await expect(requester.page.getByTestId("pending-request")).toContainText("waiting for a second person");
  await expect(detail.revokeButton).toHaveCount(0);
  expect(auditEntriesAfter(before, { action: "certificate.revoke" })).toHaveLength(0);
  await expect(requester.page.getByTestId("nav-waiting-approvals")).toContainText("1");

  // The requester sees the request with Withdraw, never Approve.
  await requester.page.goto("/approvals");
  const mine = card(requester.page, cert.commonName);
  await expect(mine).toContainText("replaced by a new key");
  await expect(mine.getByRole("button", { name: "Withdraw request" })).toBeVisible();
  await expect(mine.getByRole("button", { name: "Approve and revoke" })).toHaveCount(0);

  // The second operator's approval, kept before it reaches the server, replayed by the requester: refused and audited.
  const approver = await signedInContext(browser, b.email, b.password);
  await approver.page.goto("/approvals");
  await screenshotBoth(approver.page, "approvals");
  await expectAccessible(approver.page);
  await expectNoHorizontalOverflow(approver.page);
  let kept: { url: string; action: string; contentType: string; body: Buffer } | undefined;
  await approver.page.route("**/*", async (route) => {
    const request = route.request();
    if (!isApprovePost(request)) return route.continue();
    kept = { url: request.url(), action: request.headers()["next-action"] ?? "", contentType: request.headers()["content-type"] ?? "", body: request.postDataBuffer() ?? Buffer.alloc(0) };
    return route.abort();
  });
  const theirs = card(approver.page, cert.commonName);
  await theirs.getByLabel("Type the common name to approve").fill(cert.commonName);
  await theirs.getByRole("button", { name: "Approve and revoke" }).click();
  await expect.poll(() => kept !== undefined, { timeout: 30_000 }).toBe(true);
  await approver.page.unrouteAll({ behavior: "ignoreErrors" });
  const replayFrom = auditHeadSeq();
  const replay = await requester.page.request.post(kept!.url, {
    headers: { "next-action": kept!.action, "content-type": kept!.contentType, accept: "text/x-component", origin: BASE_URL },
    data: kept!.body,
    maxRedirects: 0,
  });
  expect(await replay.text()).toContain("FORBIDDEN");
  const refused = auditEntriesAfter(replayFrom, { action: "revocation.approve" });
  expect(refused.map((e) => [e.actor_email, e.outcome, JSON.parse(e.details).reason])).toEqual([[a.email, "failed", "own-request"]]);
  expect(auditEntriesAfter(replayFrom, { action: "certificate.revoke" })).toHaveLength(0);
  // The same approval from a support and an auditor account: refused by their role, and audited.
  const readers = await newStaff(browser, "four-eyes-r", "support", "auditor");
  for (const role of ["support", "auditor"] as const) {
    const reader = await signedInContext(browser, readers[role].email, readers[role].password);
    const from = auditHeadSeq();
    const forged = await reader.page.request.post(kept!.url, {
      headers: { "next-action": kept!.action, "content-type": kept!.contentType, accept: "text/x-component", origin: BASE_URL },
      data: kept!.body,
      maxRedirects: 0,
    });
    expect(await forged.text()).toContain("FORBIDDEN");
    const denied = auditEntriesAfter(from, { action: "access.denied", actor_email: readers[role].email });
    expect(denied.map((d) => JSON.parse(d.details).action)).toEqual(["approveRequestAction"]);
    await reader.context.close();
  }
  expect(auditEntriesAfter(replayFrom, { action: "certificate.revoke" })).toHaveLength(0);

  // Now the second operator approves for real.
  await approver.page.goto("/approvals");
  const again = card(approver.page, cert.commonName);
  await again.getByLabel("Type the common name to approve").fill(cert.commonName);
  await again.getByRole("button", { name: "Approve and revoke" }).click();
  await expect(approver.page.getByTestId("decision-result")).toContainText("1 revoked", { timeout: 30_000 });
  await expect(card(approver.page, cert.commonName)).toHaveCount(0);
  const approvedDetail = new CertificateDetailPage(approver.page);
  await approvedDetail.goto(cert.serial, cert.commonName);
  await expect(approvedDetail.status).toHaveText("Revoked");
  await expect(await approvedDetail.checkCrl()).toContainText("Superseded");
  const trail = auditEntriesAfter(before).filter((e) => ["revocation.request", "revocation.approve", "certificate.revoke"].includes(e.action));
  expect(trail.map((e) => [e.action, e.outcome, e.actor_email])).toEqual([
    ["revocation.request", "succeeded", a.email],
    ["revocation.approve", "failed", a.email],
    ["revocation.approve", "succeeded", b.email],
    ["certificate.revoke", "requested", b.email],
    ["certificate.revoke", "succeeded", b.email],
  ]);
  await requester.context.close();
  await approver.context.close();
});

test("a request can be rejected, withdrawn, or left to expire; nothing is revoked", async ({ browser }) => {
  test.setTimeout(240_000);
  setFourEyes(ALL_ON);
  const { a, b } = await twoOperators(browser);
  const requester = await signedInContext(browser, a.email, a.password);
  const [rejected, withdrawn, expired] = [await issueCertificate(requester.page, uniqueCommonName()), await issueCertificate(requester.page, uniqueCommonName()), await issueCertificate(requester.page, uniqueCommonName())];
  for (const c of [rejected, withdrawn, expired]) await requestRevocation(requester.page, c);

  // Withdrawn by the requester.
  await requester.page.goto("/approvals");
  await card(requester.page, withdrawn.commonName).getByRole("button", { name: "Withdraw request" }).click();
  await requester.page.getByRole("dialog", { name: /Withdraw request/ }).getByRole("button", { name: "Withdraw" }).click();
  await expect(requester.page.getByTestId("decision-result")).toContainText("withdrawn");
  await expect(card(requester.page, withdrawn.commonName)).toHaveCount(0);

  // Expired: its time passed (moved back in the database, as if 25 hours went by).
  const db = new Database(process.env.E2E_DATABASE!, { fileMustExist: true });
  try {
    db.prepare("UPDATE revocation_requests SET expires_at = ? WHERE state = 'pending' AND serials LIKE ?").run(new Date(Date.now() - 60_000).toISOString(), `%${expired.serial}%`);
  } finally {
    db.close();
  }

  // Rejected by the second operator, with a note the requester then reads.
  const approver = await signedInContext(browser, b.email, b.password);
  await approver.page.goto("/approvals");
  await expect(card(approver.page, expired.commonName)).toHaveCount(0);
  const theirs = card(approver.page, rejected.commonName);
  await theirs.getByLabel("Why not (for the requester)").fill("wrong VASP");
  await theirs.getByRole("button", { name: "Reject" }).click();
  await expect(approver.page.getByTestId("decision-result")).toContainText("rejected");
  const recent = approver.page.getByRole("table", { name: "Latest decided requests" });
  await expect(recent.getByRole("row").filter({ hasText: rejected.commonName })).toContainText("wrong VASP");
  await expect(recent.getByRole("row").filter({ hasText: withdrawn.commonName })).toContainText("Withdrawn");
  await expect(recent.getByRole("row").filter({ hasText: expired.commonName })).toContainText("Expired");

  for (const c of [rejected, withdrawn, expired]) {
    const detail = new CertificateDetailPage(approver.page);
    await detail.goto(c.serial, c.commonName);
    await expect(detail.status).toHaveText("Valid");
    await expect(detail.revokeButton).toBeVisible();
  }
  await requester.context.close();
  await approver.context.close();
});

test("a bulk revocation of three becomes one request, approved by the count", async ({ browser }) => {
  test.setTimeout(240_000);
  setFourEyes(ALL_ON);
  const { a, b } = await twoOperators(browser);
  const requester = await signedInContext(browser, a.email, a.password);
  const tag = uniqueTag();
  const certs = [await issueCertificate(requester.page, uniqueCommonName(tag)), await issueCertificate(requester.page, uniqueCommonName(tag)), await issueCertificate(requester.page, uniqueCommonName(tag))];
  const search = new CertificatesSearchPage(requester.page);
  await search.goto(`?q=${encodeURIComponent(tag)}`);
  await expect(search.rows).toHaveCount(3);
  for (const c of certs) await search.select(c.commonName);
  await search.revokeSelected.click();
  const dialog = requester.page.getByRole("dialog", { name: "Revoke 3 certificates?" });
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Cessation of operation (code 5)" });
  await dialog.getByLabel("Type the number of certificates to confirm").fill("3");
  await dialog.getByRole("button", { name: "Request revocation of 3" }).click();
  await expect(dialog.getByTestId("bulk-requested")).toContainText("3 certificates");

  const approver = await signedInContext(browser, b.email, b.password);
  await approver.page.goto("/approvals");
  const theirs = card(approver.page, "3 certificates").filter({ hasText: certs[0]!.commonName });
  for (const c of certs) await expect(theirs).toContainText(c.commonName);
  await theirs.getByLabel("Type the number of certificates (3) to approve").fill("3");
  await theirs.getByRole("button", { name: "Approve and revoke" }).click();
  await expect(approver.page.getByTestId("decision-result")).toContainText("3 revoked", { timeout: 60_000 });
  await search.goto(`?q=${encodeURIComponent(tag)}`);
  for (const c of certs) await expect(search.row(c.commonName)).toContainText("Revoked");
  await requester.context.close();
  await approver.context.close();
});

test("key compromise under the emergency setting is revoked at once, and flagged until someone else acknowledges it", async ({ browser }) => {
  test.setTimeout(240_000);
  setFourEyes({ ...ALL_ON, emergencyKeyCompromise: true });
  const { a, b } = await twoOperators(browser);
  const requester = await signedInContext(browser, a.email, a.password);
  const cert = await issueCertificate(requester.page, uniqueCommonName());
  const detail = new CertificateDetailPage(requester.page);
  await detail.goto(cert.serial, cert.commonName);
  await detail.revokeButton.click();
  const dialog = detail.dialog(cert.commonName);
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Key compromise (code 1)" });
  await expect(dialog.getByText("Emergency: revoked at once")).toBeVisible();
  await dialog.getByLabel("Type the common name to confirm").fill(cert.commonName);
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(dialog.getByTestId("revoke-result")).toHaveAttribute("data-outcome", "revoked", { timeout: 30_000 });
  await requester.page.goto("/");
  await expect(requester.page.getByTestId("dash-emergencies")).toBeVisible();
  const emergencies = auditEntriesAfter(0, { action: "revocation.emergency" }).filter((e) => e.actor_email === a.email);
  expect(emergencies).toHaveLength(1);

  // The requester cannot acknowledge their own; the second operator does, and the flag goes.
  await requester.page.goto("/approvals");
  await expect(card(requester.page, cert.commonName).getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  const other = await signedInContext(browser, b.email, b.password);
  await other.page.goto("/approvals");
  const theirs = card(other.page, cert.commonName);
  await theirs.getByLabel("Note (optional)").fill("confirmed with the VASP");
  await theirs.getByRole("button", { name: "Acknowledge" }).click();
  await expect(other.page.getByTestId("decision-result")).toContainText("acknowledged");
  await other.page.goto("/");
  await expect(other.page.getByTestId("dash-emergencies")).toHaveCount(0);
  await requester.context.close();
  await other.context.close();
});

test("with four eyes off, a single revoke goes straight to Sectigo as before", async ({ browser }) => {
  test.setTimeout(120_000);
  setFourEyes({ single: false, bulk: false, emergencyKeyCompromise: false, requestHours: 24 });
  const { a } = await twoOperators(browser);
  const { page, context } = await signedInContext(browser, a.email, a.password);
  const cert = await issueCertificate(page, uniqueCommonName());
  const detail = new CertificateDetailPage(page);
  await detail.goto(cert.serial, cert.commonName);
  const result = await detail.revoke(cert.commonName, "Superseded (code 4)");
  await expect(result).toHaveAttribute("data-outcome", "revoked");
  await context.close();
});
