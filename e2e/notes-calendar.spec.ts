/**
 * Notes on certificates and batches (who may write, who only reads, the export), and the
 * per-user calendar feed: made on Your account, fetched with no session like a calendar app
 * would, parsed as iCalendar, and answering 404 once revoked.
 */
import { auditEntriesAfter, auditHeadSeq, expect, newStaff, signedInContext, test, warmUp } from "./fixtures";
import { issueCertificate, uniqueCommonName } from "./pages/certificates-support";
import { insertExpiringCertificate } from "./pages/inventory-db";
import { expectAccessible, expectNoHorizontalOverflow, screenshotBoth } from "./pages/look";
import type { Page } from "@playwright/test";

test.beforeAll(({ browser }) => warmUp(browser));

function notesOn(page: Page) {
  return page.getByRole("region", { name: /^Notes \(\d+\)$/ });
}

async function addNote(page: Page, text: string): Promise<void> {
  const notes = notesOn(page);
  const count = await notes.getByTestId("note").count();
  await notes.getByRole("textbox", { name: "Add a note" }).fill(text);
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(notes.getByTestId("note")).toHaveCount(count + 1);
  await expect(notes.getByRole("textbox", { name: "Add a note" })).toHaveValue("");
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/;

test("notes: operators and support add them to certificates and batches, auditors read them, the export carries them", async ({ browser }, testInfo) => {
  testInfo.setTimeout(150_000);
  const staff = await newStaff(browser, "notes", "operator", "support", "auditor");
  const operator = await signedInContext(browser, staff.operator.email, staff.operator.password);
  const cert = await issueCertificate(operator.page, uniqueCommonName());

  const page = operator.page;
  await page.goto(`/certificates/${encodeURIComponent(cert.serial)}`);
  const notes = notesOn(page);
  await expect(notes).toContainText("No notes yet.");
  // Blank text passes the browser's `required`, and the server says why it refuses it.
  await notes.getByRole("textbox", { name: "Add a note" }).fill("   ");
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(notes.getByText("Write the note first: it is empty.")).toBeVisible();

  const before = auditHeadSeq();
  await addNote(page, "Contact changed to ops@vasp.example.org\nRenewal promised for Friday <b>not bold</b>");
  const first = notes.getByTestId("note").first();
  await expect(first.getByTestId("note-author")).toHaveText(staff.operator.email);
  await expect(first.getByTestId("note-time")).toHaveText(TIME);
  // Plain text, line break kept: the tag is shown, not obeyed.
  expect(await first.getByTestId("note-body").innerText()).toBe("Contact changed to ops@vasp.example.org\nRenewal promised for Friday <b>not bold</b>");
  await expect(first.locator("b")).toHaveCount(0);
  const [added] = auditEntriesAfter(before, { action: "note.add" });
  expect(added).toMatchObject({ actor_email: staff.operator.email, outcome: "succeeded", target_type: "certificate" });
  expect(JSON.parse(added?.details ?? "{}")).toEqual({ noteId: expect.any(Number), length: 83 });
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await screenshotBoth(page, "certificate-notes");

  await page.goto(`/batches/${cert.batchId}`);
  await addNote(page, "Asked Sectigo why this batch took two days.");
  await expect(notesOn(page).getByTestId("note-author")).toHaveText([staff.operator.email]);
  expect(auditEntriesAfter(before, { action: "note.add" }).map((e) => [e.target_type, e.target_id])).toEqual([
    ["certificate", added?.target_id],
    ["batch", String(cert.batchId)],
  ]);

  const support = await signedInContext(browser, staff.support.email, staff.support.password);
  await support.page.goto(`/certificates/${encodeURIComponent(cert.serial)}`);
  await addNote(support.page, "Called the VASP: they will install the new one on Monday.");
  await expect(notesOn(support.page).getByTestId("note-author")).toHaveText([staff.operator.email, staff.support.email]);
  await support.context.close();

  const auditor = await signedInContext(browser, staff.auditor.email, staff.auditor.password);
  await auditor.page.goto(`/certificates/${encodeURIComponent(cert.serial)}`);
  const seen = notesOn(auditor.page);
  await expect(seen.getByTestId("note-body")).toHaveCount(2);
  await expect(seen.getByTestId("note-body").last()).toHaveText("Called the VASP: they will install the new one on Monday.");
  await expect(seen.getByRole("textbox", { name: "Add a note" })).toHaveCount(0);
  await expect(seen.getByRole("button", { name: "Add note" })).toHaveCount(0);
  await auditor.page.goto(`/batches/${cert.batchId}`);
  await expect(notesOn(auditor.page).getByTestId("note-body")).toHaveText(["Asked Sectigo why this batch took two days."]);
  await expect(notesOn(auditor.page).getByRole("button", { name: "Add note" })).toHaveCount(0);
  await auditor.context.close();

  const res = await page.request.get(`/api/certificates/export?q=${encodeURIComponent(cert.commonName)}`);
  expect(res.status()).toBe(200);
  const csv = await res.text();
  expect(csv.split("\r\n")[0]).toMatch(/,notes$/);
  expect(csv).toMatch(
    new RegExp(
      `"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z ${staff.operator.email.replace(/[.]/g, "\\.")}: Contact changed to ops@vasp\\.example\\.org\\nRenewal promised for Friday <b>not bold</b> \\| \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z ${staff.support.email.replace(/[.]/g, "\\.")}: Called the VASP: they will install the new one on Monday\\."\\r\\n`,
    ),
  );
  await operator.context.close();
});

// --- a small iCalendar reader (RFC 5545 §3.1: unfold, then split each line into name, parameters and value) ---

interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface IcsComponent {
  type: string;
  properties: IcsProperty[];
  children: IcsComponent[];
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));
}

function parseIcs(text: string): IcsComponent {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  expect(lines.pop(), "the text ends in CRLF").toBe("");
  const root: IcsComponent = { type: "", properties: [], children: [] };
  const stack = [root];
  for (const line of lines) {
    const colon = line.indexOf(":");
    expect(colon, `a property line: ${line}`).toBeGreaterThan(0);
    const [name = "", ...paramParts] = line.slice(0, colon).split(";");
    const value = line.slice(colon + 1);
    const top = stack.at(-1)!;
    if (name === "BEGIN") {
      const child: IcsComponent = { type: value, properties: [], children: [] };
      top.children.push(child);
      stack.push(child);
    } else if (name === "END") {
      expect(top.type, "END matches BEGIN").toBe(value);
      stack.pop();
    } else {
      const params = Object.fromEntries(paramParts.map((p) => p.split("=") as [string, string]));
      top.properties.push({ name, params, value });
    }
  }
  expect(stack, "every BEGIN has its END").toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

const prop = (c: IcsComponent, name: string) => c.properties.find((p) => p.name === name);

test("calendar feed: made on Your account, read without a session as iCalendar, 404 once revoked", async ({ browser, playwright }, testInfo) => {
  testInfo.setTimeout(90_000);
  const { operator } = await newStaff(browser, "calendar", "operator");
  const commonName = uniqueCommonName();
  const serial = insertExpiringCertificate(commonName, 20);
  const { page, context } = await signedInContext(browser, operator.email, operator.password);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Calendar feed" });
  const before = auditHeadSeq();
  await section.getByRole("button", { name: "Create a calendar feed" }).click();
  const shown = section.getByTestId("calendar-feed-url");
  await expect(shown).toBeVisible();
  const url = ((await shown.textContent()) ?? "").trim();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const token = url.split("/").pop()!.replace(/\.ics$/, "");
  const [created] = auditEntriesAfter(before, { action: "calendar.create" });
  expect(created).toMatchObject({ actor_email: operator.email, outcome: "succeeded", target_type: "calendar-feed" });
  expect(JSON.stringify(auditEntriesAfter(before))).not.toContain(token);
  await expect(section.getByTestId("calendar-feed-row")).toHaveCount(1);
  await expectAccessible(page);
  await screenshotBoth(page, "account-calendar-feed", { mask: [shown] });

  // A calendar app: no cookies, no session.
  const app = await playwright.request.newContext();
  const res = await app.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const text = await res.text();
  expect(text.replace(/\r\n/g, ""), "no bare CR or LF").not.toMatch(/[\r\n]/);
  for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  const calendar = parseIcs(text);
  expect(calendar.type).toBe("VCALENDAR");
  expect(prop(calendar, "VERSION")?.value).toBe("2.0");
  expect(prop(calendar, "PRODID")?.value).toBeTruthy();
  const event = calendar.children.find((c) => c.type === "VEVENT" && prop(c, "UID")?.value === `${serial}@trisa-ca-portal`);
  expect(event, "the expiring certificate's event").toBeDefined();
  expect(unescapeText(prop(event!, "SUMMARY")!.value)).toBe(`Certificate expires: ${commonName}`);
  const start = prop(event!, "DTSTART")!;
  expect(start.params).toEqual({ VALUE: "DATE" });
  expect(start.value).toBe(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ""));
  expect(prop(event!, "DTSTAMP")?.value).toMatch(/^\d{8}T\d{6}Z$/);
  expect(unescapeText(prop(event!, "DESCRIPTION")!.value)).toContain(`Serial: ${serial}`);
  expect(prop(event!, "URL")?.value).toMatch(new RegExp(`/certificates/${serial}$`));

  await page.reload();
  await expect(section.getByTestId("calendar-feed-row")).not.toContainText("Never");

  await section.getByRole("button", { name: /^Revoke the feed created / }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this calendar feed?" });
  await dialog.getByRole("button", { name: "Revoke feed" }).click();
  await expect(section.getByTestId("calendar-feed-row")).toContainText("Revoked");
  expect(auditEntriesAfter(before, { action: "calendar.revoke" })).toHaveLength(1);

  const gone = await app.get(url);
  expect(gone.status()).toBe(404);
  expect(await gone.text()).toBe("Not found.\n");
  // An unknown token looks the same.
  const unknown = await app.get(`${new URL(url).origin}/api/calendar/${"A".repeat(43)}.ics`);
  expect(unknown.status()).toBe(404);
  await app.dispose();
  await context.close();
});
