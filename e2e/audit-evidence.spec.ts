// Audit evidence an outsider can check (docs/security.md S21), end to end: an auditor downloads
// a signed export, a signed checkpoint and the public key through the Audit log page, and each
// is checked with the openssl binary alone — and a changed byte is refused.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { expect, signedInContext, test, uniqueEmail, uniquePassword } from "./fixtures";

function openssl(cwd: string, args: string[]) {
  return spawnSync("openssl", args, { cwd, encoding: "utf8" });
}

test("an auditor downloads a signed export, a checkpoint and the public key, and openssl verifies them", async ({ staffPage, browser }) => {
  const email = uniqueEmail("auditor");
  const password = uniquePassword();
  await staffPage.create({ email, name: "E2E evidence auditor", role: "auditor", password });
  const { page, context } = await signedInContext(browser, email, password);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-evidence-"));
  try {
    await page.goto(`/audit?actor=${encodeURIComponent(email)}`);
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

    // the signed CSV: a ZIP of the export, its detached signature, its checkpoint and the key
    const [zip] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Signed CSV (ZIP)" }).click()]);
    expect(zip.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv\.signed\.zip$/);
    const files = unzipSync(fs.readFileSync((await zip.path()) ?? ""));
    const names = Object.keys(files);
    const csvName = names.find((n) => n.endsWith(".csv"))!;
    expect(names).toEqual([csvName, `${csvName}.sig`, expect.stringMatching(/^audit-checkpoint-\d+\.json$/), "audit-public-key.pem"]);
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, `zip-${name}`), data);
    const csv = fs.readFileSync(path.join(dir, `zip-${csvName}`), "utf8");
    expect(csv.split("\r\n").slice(1, -1).every((line) => line.split(",")[2] === email)).toBe(true);

    // the public key from the page, with the fingerprint the page shows
    await page.reload();
    const [pem] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download public key (PEM)" }).click()]);
    expect(pem.suggestedFilename()).toBe("audit-public-key.pem");
    fs.copyFileSync((await pem.path()) ?? "", path.join(dir, "audit-public-key.pem"));
    expect(fs.readFileSync(path.join(dir, "audit-public-key.pem"), "utf8")).toBe(fs.readFileSync(path.join(dir, "zip-audit-public-key.pem"), "utf8"));
    const der = spawnSync("openssl", ["pkey", "-pubin", "-in", "audit-public-key.pem", "-outform", "DER"], { cwd: dir });
    const sha = spawnSync("openssl", ["dgst", "-sha256", "-c"], { input: der.stdout, encoding: "utf8" });
    const shown = (await page.getByTestId("audit-key-fingerprint").textContent())?.trim().toLowerCase();
    expect(sha.stdout.trim().split("= ")[1]).toBe(shown);

    // openssl alone verifies the export against the downloaded key, and refuses a changed byte
    const verifyExport = (file: string) =>
      openssl(dir, ["pkeyutl", "-verify", "-pubin", "-inkey", "audit-public-key.pem", "-rawin", "-in", file, "-sigfile", `zip-${csvName}.sig`]);
    const good = verifyExport(`zip-${csvName}`);
    expect(good.stdout).toContain("Signature Verified Successfully");
    expect(good.status).toBe(0);
    fs.writeFileSync(path.join(dir, "changed.csv"), csv.replace(email, email.replace(/^./, "x")));
    const bad = verifyExport("changed.csv");
    expect(bad.status).not.toBe(0);

    // the newest signed checkpoint, downloaded from the page, verifies with openssl too
    const [cp] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("checkpoint-row").first().getByRole("link", { name: /^Download checkpoint/ }).click(),
    ]);
    expect(cp.suggestedFilename()).toMatch(/^audit-checkpoint-\d+\.json$/);
    const file = JSON.parse(fs.readFileSync((await cp.path()) ?? "", "utf8")) as {
      checkpoint: { seq: number; headHash: string; at: string; keyId: string };
      signature: string;
    };
    const c = file.checkpoint;
    fs.writeFileSync(path.join(dir, "checkpoint.bin"), JSON.stringify({ seq: c.seq, headHash: c.headHash, at: c.at, keyId: c.keyId }));
    fs.writeFileSync(path.join(dir, "checkpoint.sig"), Buffer.from(file.signature, "base64"));
    const signed = openssl(dir, ["pkeyutl", "-verify", "-pubin", "-inkey", "audit-public-key.pem", "-rawin", "-in", "checkpoint.bin", "-sigfile", "checkpoint.sig"]);
    expect(signed.stdout).toContain("Signature Verified Successfully");
    expect(c.keyId).toBe((await page.getByTestId("audit-key-id").textContent())?.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await context.close();
  }
});

test("an operator gets neither the public key nor a checkpoint from their routes, and a signed export is refused without audit.export", async ({ staffPage, browser }) => {
  const email = uniqueEmail("operator");
  const password = uniquePassword();
  await staffPage.create({ email, name: "E2E evidence operator", role: "operator", password });
  const { page, context } = await signedInContext(browser, email, password);
  try {
    for (const url of ["/api/audit/public-key", "/api/audit/checkpoints/1", "/api/audit/export?format=csv&signed=1"]) {
      const res = await page.request.get(url, { maxRedirects: 0 });
      expect(res.status(), url).toBe(403);
      expect(await res.text(), url).not.toContain("BEGIN PUBLIC KEY");
    }
  } finally {
    await context.close();
  }
});
