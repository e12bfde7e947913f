import { auditEntriesAfter, auditHeadSeq, expect, newStaff, signedInContext, test } from "./fixtures";
import { screenshotBoth } from "./pages/look";

test.describe("your account: where you are signed in", () => {
  test("lists each browser of yours; signing one out ends it there at once", async ({ browser }) => {
    const { support } = await newStaff(browser, "sessions", "support");
    const laptop = await signedInContext(browser, support.email, support.password);
    const phone = await signedInContext(browser, support.email, support.password);
    await laptop.page.goto("/account");
    await expect(laptop.page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    const rows = laptop.page.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
    await expect(rows.first()).toContainText("127.0.0.1");
    await screenshotBoth(laptop.page, "account");

    const before = auditHeadSeq();
    await rows.filter({ hasNotText: "This browser" }).getByRole("button", { name: /^Sign out / }).click();
    await expect(rows).toHaveCount(1);
    expect(auditEntriesAfter(before, { action: "auth.session.end", actor_email: support.email })).toHaveLength(1);

    await phone.page.goto("/certificates");
    await expect(phone.page).toHaveURL(/\/login\?(.*&)?ended=ended$/);
    await laptop.context.close();
    await phone.context.close();
  });

  test("sign out everywhere ends a second browser's session, and this one", async ({ browser }) => {
    const { auditor } = await newStaff(browser, "everywhere", "auditor");
    const first = await signedInContext(browser, auditor.email, auditor.password);
    const second = await signedInContext(browser, auditor.email, auditor.password);
    const before = auditHeadSeq();
    await first.page.goto("/account");
    await first.page.getByRole("button", { name: "Sign out everywhere" }).click();
    const dialog = first.page.getByRole("dialog", { name: "Sign out everywhere?" });
    await expect(dialog).toContainText("this browser and 1 other");
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(first.page).toHaveURL(/\/login\?signedOut=everywhere$/);
    await expect(first.page.getByText("You have signed out on every device.")).toBeVisible();
    const [entry] = auditEntriesAfter(before, { action: "auth.logout.everywhere" });
    expect(JSON.parse(entry?.details ?? "{}")).toEqual({ sessions: 2 });

    await second.page.goto("/audit");
    await expect(second.page).toHaveURL(/\/login\?(.*&)?ended=ended$/);
    await first.page.goto("/");
    await expect(first.page).toHaveURL(/\/login/);
    await first.context.close();
    await second.context.close();
  });
});
