/**
 * Helpers for the certificate, revoke and dashboard specs: issuing real certificates
 * through the portal's own "New certificate" form (the embedded simulator signs them and
 * the batch poller indexes them).
 */
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

/** A DNS name unique to this run, e.g. `c-3fa9c2d1.e2e-certs.example`; `tag` groups several. */
export function uniqueCommonName(tag = randomBytes(4).toString("hex")): string {
  return `c-${randomBytes(3).toString("hex")}-${tag}.e2e-certs.example`;
}

export function uniqueTag(): string {
  return `t${randomBytes(4).toString("hex")}`;
}

export interface IssuedCertificate {
  commonName: string;
  batchId: number;
  serial: string;
}

/**
 * Issues one certificate through /batches/new as the signed-in operator or admin, then waits
 * until the background poller has downloaded the batch and the certificate is searchable.
 */
export async function issueCertificate(page: Page, commonName: string): Promise<IssuedCertificate> {
  await page.goto("/batches/new");
  await page.getByLabel("Common name", { exact: true }).fill(commonName);
  await page.getByRole("button", { name: "Issue certificate" }).click();
  const open = page.getByRole("link", { name: "Open the batch" });
  await expect(open).toBeVisible({ timeout: 30_000 });
  const batchId = Number((await open.getAttribute("href"))?.split("/").pop());
  expect(Number.isInteger(batchId)).toBe(true);

  let serial = "";
  await expect(async () => {
    await page.goto(`/certificates?q=${encodeURIComponent(commonName)}`);
    const cell = page.getByTestId("certificate-row").filter({ hasText: commonName }).getByTestId("certificate-serial");
    await expect(cell).toHaveCount(1, { timeout: 500 });
    serial = ((await cell.textContent()) ?? "").trim();
  }).toPass({ timeout: 60_000 });
  return { commonName, batchId, serial };
}
