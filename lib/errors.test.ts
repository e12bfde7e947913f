// The guards must recognise errors made by another copy of the same module, as a
// production build makes (one module bundled into several server chunks). Two module
// instances stand in for two chunks.
import { describe, expect, it, vi } from "vitest";

async function freshCopies() {
  vi.resetModules();
  const errors = await import("@/lib/errors");
  const sectigo = await import("@/lib/sectigo/errors");
  const pki = await import("@/lib/pki/errors");
  return { errors, sectigo, pki };
}

describe("error guards across module copies", () => {
  it("two copies of the classes are different, and the guards still recognise each other's errors", async () => {
    const a = await freshCopies();
    const b = await freshCopies();
    expect(a.sectigo.SectigoError).not.toBe(b.sectigo.SectigoError);

    const timeout = new a.sectigo.SectigoTimeoutError("revoke", 1000);
    expect(timeout instanceof b.sectigo.SectigoError).toBe(false); // what broke the pages
    expect(b.sectigo.isSectigoError(timeout)).toBe(true);
    expect(b.errors.isDomainError(timeout)).toBe(true);
    expect(b.errors.hasCode(timeout, "TIMEOUT")).toBe(true);
    expect(timeout.reached).toBe("no-answer");

    const api = a.sectigo.makeApiError({ httpStatus: 404, status: 404, apiMessage: "gone", errorCode: 0, timestamp: 0, fromBody: true });
    expect(b.sectigo.isApiError(api)).toBe(true);

    const app = new b.errors.AppError("NO_BALANCE", "internal", "No balance left.");
    expect(a.errors.isAppError(app)).toBe(true);
    expect(a.errors.isUserFacingError(app)).toBe(true);
    expect(a.sectigo.isSectigoError(app)).toBe(false);

    const pki = new a.pki.PkiError("BAD_DER", "Not DER.");
    expect(b.pki.isPkiError(pki)).toBe(true);
    expect(b.sectigo.isSectigoError(pki)).toBe(false);
  });

  it("refuses look-alikes: a plain object with a code and userMessage is not a project error", async () => {
    const { errors } = await freshCopies();
    const fake = Object.assign(new Error("x"), { code: "NO_BALANCE", userMessage: "trust me" });
    expect(errors.isDomainError(fake)).toBe(false);
    expect(errors.isUserFacingError(fake)).toBe(false);
    expect(errors.isDomainError(null)).toBe(false);
    expect(errors.isDomainError("TIMEOUT")).toBe(false);
  });

  it("keeps the brand out of JSON", async () => {
    const { errors } = await freshCopies();
    const err = new errors.AppError("NOT_FOUND", "internal", "Not here.");
    expect(Object.keys(JSON.parse(JSON.stringify(err)))).not.toContain("brand");
    expect(JSON.stringify(err)).not.toMatch(/trisa-ca-portal/);
  });
});
