import { describe, expect, it } from "vitest";
import { downloadErrorText, parseDetailNotices, uploadSummary } from "./detail-notices";

describe("batch detail notices", () => {
  it("reads the upload result", () => {
    expect(parseDetailNotices({ submitted: "2", skipped: "1" }).upload).toEqual({ submitted: 2, skipped: 1 });
    expect(parseDetailNotices({}).upload).toBeNull();
    expect(parseDetailNotices({ submitted: "two" }).upload).toBeNull();
  });

  it("maps download error codes to fixed sentences and ignores anything else", () => {
    expect(parseDetailNotices({ downloadError: "SECTIGO_TIMEOUT" }).downloadError).toBe(downloadErrorText("SECTIGO_TIMEOUT"));
    expect(parseDetailNotices({ downloadError: "SECTIGO_NOT_FOUND" }).downloadError).toContain("no longer keeps");
    // Words of a crafted link never reach the page.
    expect(parseDetailNotices({ downloadError: "Call +1 555 for support" }).downloadError).toBeNull();
    expect(parseDetailNotices({ downloadError: "<img src=x>" }).downloadError).toBeNull();
  });

  it("words the upload summary", () => {
    expect(uploadSummary({ submitted: 2, skipped: 1 })).toBe("2 CSRs were sent to Sectigo; 1 with problems was left out.");
    expect(uploadSummary({ submitted: 1, skipped: 0 })).toBe("1 CSR was sent to Sectigo.");
  });
});
