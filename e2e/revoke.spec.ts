// Revoking end to end, against the embedded simulator and its real CRL: an operator revokes
// one certificate with a reason and "Check CRL" then finds it on the CRL; a second revoke
// from a page opened before is refused as already revoked (one revocation, one succeeded
// audit entry); bulk revoke of two shows progress and a summary; support and auditor see
// no revoke controls, and a revoke request they post straight to the action is refused
// (FORBIDDEN) and audited, with the certificate left valid.
import type { Page, Request } from "@playwright/test";
import { auditEntriesAfter, auditHeadSeq, BASE_URL, expect, newStaff, setFourEyes, signedInContext, test, warmUp, type AuditRow } from "./fixtures";
import { CertificateDetailPage } from "./pages/certificates-detail-page";
import { CertificatesSearchPage } from "./pages/certificates-search-page";
import { expectAccessible, screenshotBoth } from "./pages/look";
import { issueCertificate, uniqueCommonName, uniqueTag, type IssuedCertificate } from "./pages/certificates-support";

// Each test makes its own accounts and certificates, so any one of them runs alone (-g).
test.beforeAll(({ browser }) => warmUp(browser));
// A test that changes when revocations need a second person puts the default back.
test.afterEach(() => setFourEyes(null));

function revokeEntries(after: number, serial: string): AuditRow[] {
  return auditEntriesAfter(after, { action: "certificate.revoke" }).filter((r) => r.target_id === serial);
}

function isRevokePost(serial: string) {
  return (r: Request) => r.method() === "POST" && r.headers()["next-action"] !== undefined && (r.postData() ?? "").includes(serial) && (r.postData() ?? "").includes("confirmation");
}

/** A revoke request as the operator's browser sends it to the server action. */
interface RevokeRequest {
  url: string;
  action: string;
  contentType: string;
  body: Buffer;
}

/**
 * The operator on `page` fills in the Revoke dialog for `cert` and confirms; the browser's
 * request is kept and stopped before it reaches the server, so `cert` stays valid for another
 * role to replay the very same request at.
 */
async function operatorRevokeRequest(page: Page, cert: IssuedCertificate): Promise<RevokeRequest> {
  let kept: RevokeRequest | undefined;
  const isRevoke = isRevokePost(cert.serial);
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (!isRevoke(request)) return route.continue();
    kept = {
      url: request.url(),
      action: request.headers()["next-action"] ?? "",
      contentType: request.headers()["content-type"] ?? "",
      body: request.postDataBuffer() ?? Buffer.alloc(0),
    };
    return route.abort();
  });
  const detail = new CertificateDetailPage(page);
  await detail.goto(cert.serial, cert.commonName);
  await detail.revokeButton.click();
  const dialog = detail.dialog(cert.commonName);
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Key compromise (code 1)" });
  await dialog.getByLabel("Type the common name to confirm").fill(cert.commonName);
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect.poll(() => kept !== undefined, { timeout: 30_000 }).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return kept as RevokeRequest;
}

test("an operator revokes with a reason; Check CRL then finds it revoked; a second revoke is refused", async ({ browser }) => {
  test.setTimeout(180_000);
  const { operator } = await newStaff(browser, "revoke", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const single = await issueCertificate(page, uniqueCommonName());
  const detail = new CertificateDetailPage(page);
  await detail.goto(single.serial, single.commonName);
  await expect(await detail.checkCrl()).toContainText("Not on the CRL");

  // A second tab opened before the revoke still offers the button.
  const stalePage: Page = await context.newPage();
  const stale = new CertificateDetailPage(stalePage);
  await stale.goto(single.serial, single.commonName);

  await detail.revokeButton.click();
  const dialog = detail.dialog(single.commonName);
  await expect(dialog.getByTestId("revoke-preview")).toContainText(single.serial);
  await expect(dialog.getByTestId("revoke-preview")).toContainText(`Batch ${single.batchId}`);
  await expect(dialog.getByTestId("revoke-preview")).toContainText("CipherTrace EE");
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Key compromise (code 1)" });
  await expect(dialog.getByText("The private key is known or suspected to be exposed.")).toBeVisible();
  // The common name must be typed: a near miss keeps the button disabled.
  await dialog.getByLabel("Type the common name to confirm").fill(single.commonName.slice(0, -1));
  await expect(dialog.getByRole("button", { name: "Revoke", exact: true })).toBeDisabled();
  await dialog.getByLabel("Type the common name to confirm").fill(single.commonName.toUpperCase());
  await expectAccessible(page);
  await screenshotBoth(page, "revoke-dialog", { fullPage: false });

  const before = auditHeadSeq();
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  const result = dialog.getByTestId("revoke-result");
  await expect(result).toHaveAttribute("data-outcome", "revoked", { timeout: 30_000 });
  await expect(result).toContainText("Revoked");
  await dialog.getByRole("button", { name: "Close" }).click();

  await expect(detail.status).toHaveText("Revoked");
  await expect(detail.reason).toHaveText("Key compromise, code 1");
  await expect(page.getByText(operator.email, { exact: true }).first()).toBeVisible();
  await expect(detail.revokeButton).toHaveCount(0);
  await expect(await detail.checkCrl()).toContainText(/On the CRL: revoked \(Key compromise, code 1, at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
  await expect(detail.history.filter({ hasText: "certificate.revoke" }).first()).toBeVisible();
  await screenshotBoth(page, "certificate-revoked");

  const entries = revokeEntries(before, single.serial);
  expect(entries.map((e) => [e.outcome, e.actor_email])).toEqual([
    ["requested", operator.email],
    ["succeeded", operator.email],
  ]);

  // The stale tab tries again: refused, and still one revocation.
  const again = await stale.revoke(single.commonName, "Superseded (code 4)");
  await expect(again).toHaveAttribute("data-outcome", "already-revoked");
  await expect(again).toContainText("Already revoked");
  expect(revokeEntries(before, single.serial).filter((e) => e.outcome === "succeeded")).toHaveLength(1);
  await context.close();
});

test("with four eyes off for bulk, a bulk revoke of two runs at once: progress and a final summary", async ({ browser }) => {
  test.setTimeout(240_000);
  setFourEyes({ single: false, bulk: false, emergencyKeyCompromise: false, requestHours: 24 });
  const { operator } = await newStaff(browser, "revoke", "operator");
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  const bulkTag = uniqueTag();
  const bulk = [await issueCertificate(page, uniqueCommonName(bulkTag)), await issueCertificate(page, uniqueCommonName(bulkTag))];
  const search = new CertificatesSearchPage(page);
  await search.goto(`?q=${encodeURIComponent(bulkTag)}`);
  await expect(search.rows).toHaveCount(2);
  for (const c of bulk) await search.select(c.commonName);
  await expect(search.selectedCount).toHaveText("2 selected.");
  await search.revokeSelected.click();

  const dialog = page.getByRole("dialog", { name: "Revoke 2 certificates?" });
  const preview = dialog.getByTestId("bulk-preview");
  for (const c of bulk) await expect(preview).toContainText(c.serial);
  await dialog.getByLabel("Reason (RFC 5280)").selectOption({ label: "Superseded (code 4)" });
  await dialog.getByLabel("Type the number of certificates to confirm").fill("3");
  await expect(dialog.getByRole("button", { name: "Revoke 2" })).toBeDisabled();
  await dialog.getByLabel("Type the number of certificates to confirm").fill("2");
  await expectAccessible(page);

  const before = auditHeadSeq();
  await dialog.getByRole("button", { name: "Revoke 2" }).click();
  const progress = dialog.getByTestId("bulk-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("data-state", "finished", { timeout: 30_000 });
  await expect(progress.getByText("Done: 2 of 2")).toBeVisible();
  await expect(dialog.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
  await expect(dialog.getByTestId("bulk-result").and(page.locator('[data-outcome="revoked"]'))).toHaveCount(2);
  await expect(dialog.getByTestId("bulk-summary")).toContainText("2 revoked, 0 already revoked, 0 failed, 0 unknown.");
  await screenshotBoth(page, "bulk-revoke-summary", { fullPage: false });
  await dialog.getByRole("button", { name: "Close" }).click();

  for (const c of bulk) {
    await expect(search.row(c.commonName).getByTestId("status-badge")).toHaveText("Revoked");
    expect(revokeEntries(before, c.serial).map((e) => e.outcome)).toEqual(["requested", "succeeded"]);
  }
  await context.close();
});

for (const role of ["support", "auditor"] as const) {
  test(`${role}: no revoke controls, and a revoke posted straight to the action is refused and audited`, async ({ browser }) => {
    test.setTimeout(180_000);
    const staff = await newStaff(browser, "revoke", "operator", role);
    const account = staff[role];
    const operator = await signedInContext(browser, staff.operator.email, staff.operator.password);
    const target = await issueCertificate(operator.page, uniqueCommonName());
    const sent = await operatorRevokeRequest(operator.page, target);
    await operator.context.close();

    const { page, context } = await signedInContext(browser, account.email, account.password);
    const detail = new CertificateDetailPage(page);
    await detail.goto(target.serial, target.commonName);
    await expect(detail.status).toHaveText("Valid");
    await expect(detail.revokeButton).toHaveCount(0);
    await expect(page.getByText("Your role may read this certificate but not revoke it.")).toBeVisible();
    const search = new CertificatesSearchPage(page);
    await search.goto(`?q=${encodeURIComponent(target.commonName)}`);
    await expect(search.row(target.commonName)).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(search.revokeSelected).toHaveCount(0);

    // The operator's request for this certificate, sent without the UI.
    const before = auditHeadSeq();
    const res = await page.request.post(sent.url, {
      headers: { "next-action": sent.action, "content-type": sent.contentType, accept: "text/x-component", origin: BASE_URL },
      data: sent.body,
      maxRedirects: 0,
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("FORBIDDEN");
    const denials = auditEntriesAfter(before, { action: "access.denied" });
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ actor_email: account.email, actor_role: role, outcome: "denied", target_id: "certificates.revoke" });
    expect(JSON.parse(denials[0]?.details ?? "{}")).toMatchObject({ permission: "certificates.revoke", action: "revokeCertificateAction" });
    expect(revokeEntries(before, target.serial)).toHaveLength(0);
    await detail.goto(target.serial, target.commonName);
    await expect(detail.status).toHaveText("Valid");
    await context.close();
  });
}
