// Expiry notices end to end: an administrator sets the recipients on Settings and presses
// "Send now" on the E-mail log; the portal (SMTP_URL in playwright.config.ts) hands the digest
// to the SMTP server this spec runs, and the log shows it delivered — or, for a mailbox that
// answers 451, pending a retry with that answer. A bad address is refused by name. An operator reads the log without the button (and a direct POST of the action is
// refused and audited); support gets the Access denied page.
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { ADMIN, auditEntriesAfter, auditHeadSeq, BASE_URL, expect, newStaff, settingText, signedInContext, test } from "./fixtures";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";

const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3140);
const DATABASE = path.resolve(process.env.E2E_DATABASE ?? ".e2e/data/portal.db");
const RECIPIENTS_KEY = "notices.recipients";
const DAY = 86_400_000;
const BUSY = "busy@example.org";

interface Received {
  to: string[];
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
const added: string[] = [];

/** Certificates the inventory would hold after an import, expiring `days` from now (state the test sets up). */
function addExpiringCertificate(commonName: string, days: number): string {
  const serial = randomBytes(8).toString("hex").toUpperCase();
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO certificates (serial, common_name, sans, not_before, not_after, status, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'valid', 'import', ?, ?)",
    ).run(serial, commonName, commonName, new Date(Date.now() - 300 * DAY).toISOString(), new Date(Date.now() + days * DAY).toISOString(), now, now);
  } finally {
    db.close();
  }
  added.push(serial);
  return serial;
}

/** Leaves the portal as the other specs expect it: no recipient, none of this spec's certificates. */
function cleanUp(): void {
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    db.prepare("DELETE FROM settings WHERE key = ?").run(RECIPIENTS_KEY);
    for (const serial of added.splice(0)) db.prepare("DELETE FROM certificates WHERE serial = ?").run(serial);
  } finally {
    db.close();
  }
}

function recipientsForm(page: Page) {
  const section = page.getByRole("region", { name: "Expiry notices: who gets the e-mail" });
  return {
    section,
    box: section.getByRole("textbox", { name: "Recipients" }),
    save: section.getByRole("button", { name: "Save" }),
    result: section.getByTestId("notice-recipients-result"),
  };
}

test.describe("expiry notices", () => {
  test.beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          // One mailbox is busy: the portal must keep the answer and try again later.
          if (session.envelope.rcptTo.some((r) => r.address === BUSY)) return callback(Object.assign(new Error("4.3.0 try later"), { responseCode: 451 }));
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, "127.0.0.1", resolve));
  });
  test.afterAll(async () => {
    cleanUp();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  test("an administrator sets the recipients, sends now, and the digest arrives and is logged delivered", async ({ adminPage: page }) => {
    const soon = `notice-soon-${randomBytes(3).toString("hex")}.example.org`;
    const later = `notice-later-${randomBytes(3).toString("hex")}.example.org`;
    const soonSerial = addExpiringCertificate(soon, 5);
    const laterSerial = addExpiringCertificate(later, 20);

    // A bad address is named and nothing is saved.
    await page.goto("/admin/settings");
    const form = recipientsForm(page);
    await expect(form.box).toHaveValue("");
    await form.box.fill("security@vasp.example.org\nbob@");
    await form.save.click();
    await expect(form.section.getByText("“bob@” is not an e-mail address such as security@example.org.")).toBeVisible();
    await expect(form.box).toHaveAttribute("aria-invalid", "true");
    expect(settingText(RECIPIENTS_KEY)).toBeUndefined();

    const before = auditHeadSeq();
    await form.box.fill(`security@vasp.example.org, Ops@Example.org\n${BUSY}`);
    await form.save.click();
    await expect(form.result).toHaveText("Saved: 3 addresses receive the digest.");
    const recipients = ["security@vasp.example.org", "ops@example.org", BUSY];
    await expect(form.box).toHaveValue(recipients.join("\n"));
    expect(JSON.parse(settingText(RECIPIENTS_KEY) ?? "null")).toEqual(recipients);
    const change = auditEntriesAfter(before, { action: "settings.changed" });
    expect(change.map((e) => JSON.parse(e.details))).toEqual([{ key: RECIPIENTS_KEY, before: [], after: recipients }]);

    // The E-mail log: the configuration in words, then Send now.
    await page.goto("/notices");
    await expect(page.getByRole("heading", { name: "E-mail log", level: 1 })).toBeVisible();
    await expect(page.getByTestId("notice-config")).toContainText(`E-mail through 127.0.0.1:${SMTP_PORT}, from ca-portal@e2e.test, to 3 recipients set on Settings.`);
    const sent = auditHeadSeq();
    await page.getByRole("button", { name: "Send now" }).click();
    await expect(page.getByTestId("send-now-result")).toContainText("Deliveries tried: 2 delivered, 1 to retry.");

    // Each recipient got one digest, naming both certificates once, with their thresholds.
    await expect.poll(() => received.filter((m) => m.raw.includes(soonSerial)).length).toBe(2);
    const mine = received.filter((m) => m.raw.includes(soonSerial));
    expect(mine.map((m) => m.to).sort()).toEqual([["ops@example.org"], ["security@vasp.example.org"]]);
    for (const m of mine) {
      const text = m.raw.replace(/=\r\n/g, "").replace(/\r\n/g, "\n");
      expect(text).toMatch(/^Subject: TRISA certificates expiring: \d+ within 30 days \(\d+ within \d+ days?\)$/m);
      expect(text.split(`serial ${soonSerial}\n`)).toHaveLength(2);
      expect(text.split(`serial ${laterSerial}\n`)).toHaveLength(2);
      expect(text).toContain(`${BASE_URL}/certificates/${soonSerial}`);
      expect(text).toMatch(/\(\d+ days left; 7 days notice\)/);
    }
    const audit = auditEntriesAfter(sent, { action: "notice.send" });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_email: ADMIN.email, outcome: "succeeded" });
    expect(JSON.parse(audit[0]?.details ?? "{}")).toMatchObject({ trigger: "manual", recipients: 3, channels: { email: 3 } });

    // The log: newest first, delivered, linking the certificates; the busy mailbox's answer kept for the retry.
    await page.reload();
    const rows = page.getByTestId("notice-row");
    const ours = rows.filter({ hasText: soon });
    await expect(ours).toHaveCount(3);
    const busy = ours.filter({ hasText: BUSY });
    await expect(busy.getByText("Pending retry")).toBeVisible();
    await expect(busy).toContainText("attempt 1 of 6 failed; next");
    await expect(busy).toContainText("Server answered: 451 4.3.0 try later");
    for (const recipient of ["security@vasp.example.org", "ops@example.org"]) {
      const row = ours.filter({ hasText: recipient });
      await expect(row.getByText("Delivered")).toBeVisible();
      // Soonest first: other specs' certificates share the inventory, so `later` may be among
      // the "and N more" of the row (the digest itself, checked above, lists every one).
      await expect(row.getByRole("link", { name: soon })).toHaveAttribute("href", `/certificates/${soonSerial}`);
      await expect(row.getByRole("link", { name: later }).or(row.getByText(/^and \d+ more$/)).first()).toBeVisible();
    }
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    // Pressed again: nothing crossed a new threshold, nothing is sent twice.
    const count = received.length;
    await page.getByRole("button", { name: "Send now" }).click();
    await expect(page.getByTestId("send-now-result")).toContainText("nothing new to send");
    expect(received).toHaveLength(count);
    await screenshotBoth(page, "notices");
  });

  test("an operator reads the log without the button; a direct POST of Send now is refused; support is denied the page", async ({ adminPage: page, browser }) => {
    const { operator, support } = await newStaff(browser, "notices", "operator", "support");
    const op = await signedInContext(browser, operator.email, operator.password);
    await op.page.goto("/notices");
    await expect(op.page.getByRole("heading", { name: "E-mail log", level: 1 })).toBeVisible();
    await expect(op.shell.nav.getByRole("link", { name: "E-mail log" })).toBeVisible();
    await expect(op.page.getByRole("button", { name: "Send now" })).toHaveCount(0);

    // The admin's press gives the action's id and body, which the operator sends without the UI.
    await page.goto("/notices");
    const [captured] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
      page.getByRole("button", { name: "Send now" }).click(),
    ]);
    await expect(page.getByTestId("send-now-result")).toBeVisible();
    const before = auditHeadSeq();
    const res = await op.page.request.post(captured.url(), {
      headers: { "next-action": captured.headers()["next-action"] ?? "", "content-type": captured.headers()["content-type"] ?? "", accept: "text/x-component", origin: BASE_URL },
      data: captured.postDataBuffer() ?? Buffer.alloc(0),
      maxRedirects: 0,
    });
    expect(await res.text()).toContain("FORBIDDEN");
    expect(auditEntriesAfter(before, { action: "notice.send" })).toHaveLength(0);
    expect(auditEntriesAfter(before, { action: "access.denied", actor_email: operator.email }).map((d) => JSON.parse(d.details))).toEqual([
      expect.objectContaining({ permission: "notices.send", action: "sendNoticesNowAction" }),
    ]);
    await op.context.close();

    const sup = await signedInContext(browser, support.email, support.password);
    await sup.page.goto("/notices");
    await expect(sup.page.getByRole("heading", { name: "Access denied", level: 1 })).toBeVisible();
    await expect(sup.shell.nav.getByRole("link", { name: "E-mail log" })).toHaveCount(0);
    await sup.context.close();
  });
});
