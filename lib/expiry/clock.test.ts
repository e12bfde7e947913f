import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { systemClock } from "@/db/time";
import { expiryClock, offsetClock, readClockOffset } from "./clock";

describe("the expiry clock", () => {
  it("is the system clock when no test clock file is configured", () => {
    expect(expiryClock({})).toBe(systemClock);
    expect(expiryClock({ EXPIRY_TEST_CLOCK_FILE: "  " })).toBe(systemClock);
  });

  it("moves forward when the test writes a new offset, without a restart", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "clock-")), "offset");
    const clock = expiryClock({ EXPIRY_TEST_CLOCK_FILE: file });
    const before = Date.now();
    expect(Math.abs(clock().getTime() - before)).toBeLessThan(1_000);
    writeFileSync(file, String(20 * 86_400_000));
    const moved = clock().getTime() - Date.now();
    expect(moved).toBeGreaterThan(20 * 86_400_000 - 1_000);
    expect(moved).toBeLessThanOrEqual(20 * 86_400_000);
  });

  it("treats a missing or malformed offset file as no offset", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "clock-"));
    expect(readClockOffset(path.join(dir, "missing"))).toBe(0);
    writeFileSync(path.join(dir, "bad"), "ten days");
    expect(readClockOffset(path.join(dir, "bad"))).toBe(0);
    writeFileSync(path.join(dir, "neg"), "-5000\n");
    expect(readClockOffset(path.join(dir, "neg"))).toBe(-5000);
  });

  it("adds the offset to any base clock", () => {
    const base = () => new Date("2026-01-01T00:00:00.000Z");
    expect(offsetClock(() => 86_400_000, base)().toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
});
