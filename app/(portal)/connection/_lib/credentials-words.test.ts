import { describe, expect, it } from "vitest";
import { credentialsWords, relativeText, utcText } from "./credentials-words";

const NOW = new Date("2026-11-25T12:00:00.000Z");
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe("credentialsWords", () => {
  it("valid: the access token's expiry, in UTC and relative", () => {
    expect(credentialsWords({ valid: true, current: true, expiresAt: at(14), refreshBy: at(120) }, NOW)).toMatchObject({
      tone: "valid",
      phrase: "valid until",
      untilUtc: "2026-11-25 12:14:00 UTC",
      relative: "in 14 min",
    });
  });

  it("current: the refresh token's end, when the access token has expired", () => {
    expect(credentialsWords({ valid: false, current: true, expiresAt: at(-5), refreshBy: at(95) }, NOW)).toMatchObject({
      tone: "current",
      phrase: "current until",
      untilUtc: "2026-11-25 13:35:00 UTC",
      relative: "in 1 h 35 min",
    });
  });

  it("expired or invalid: no tokens, or both expired", () => {
    expect(credentialsWords({ valid: false, current: false }, NOW)).toMatchObject({ tone: "expired", phrase: "expired or invalid", untilUtc: null });
    expect(credentialsWords({ valid: false, current: false, expiresAt: at(-200), refreshBy: at(-80) }, NOW).tone).toBe("expired");
  });
});

describe("relativeText", () => {
  it.each([
    [0.5, "in less than a minute"],
    [-0.5, "less than a minute ago"],
    [59, "in 59 min"],
    [-125, "2 h 5 min ago"],
    [12 * 60 + 30, "in 12 h"],
    [3 * 24 * 60, "in 3 days"],
  ])("%s min from now reads %s", (minutes, text) => {
    expect(relativeText(at(minutes), NOW)).toBe(text);
  });

  it("utcText never uses the server's zone", () => {
    expect(utcText(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02 03:04:05 UTC");
  });
});
