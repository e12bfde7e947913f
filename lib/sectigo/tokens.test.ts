import { describe, expect, it } from "vitest";
import { formatGoTime, formatRfc3339Local } from "./go-time";
import { authDebugLine, credentialsDebugLine } from "./credentials";
import { checkTokens, credentialsState, isCurrent, isRefreshable, isValid, readJwtTimes, tokenSetFromPair } from "./tokens";
import { jwt } from "./test-support/fake-sectigo";

// 2024-05-01T15:15:00Z
const T = 1714576500;
const at = (seconds: number) => new Date(seconds * 1000);

describe("JWT claims, read without verification", () => {
  it("derives Subject, IssuedAt, ExpiresAt, RefreshBy and NotBefore (refresh iat without nbf)", () => {
    const set = tokenSetFromPair(jwt({ sub: "/account/42/user/42", iat: T, exp: T + 900 }), jwt({ iat: T, exp: T + 7200 }));
    expect(set).toMatchObject({
      subject: "/account/42/user/42",
      issuedAt: at(T),
      expiresAt: at(T + 900),
      notBefore: at(T),
      refreshBy: at(T + 7200),
    });
  });

  it("uses the refresh token's nbf when present and non-zero", () => {
    expect(tokenSetFromPair(jwt({ iat: T, exp: T + 1 }), jwt({ iat: T, nbf: T + 60, exp: T + 7200 })).notBefore).toEqual(at(T + 60));
    expect(tokenSetFromPair(jwt({ iat: T, exp: T + 1 }), jwt({ iat: T, nbf: 0, exp: T + 7200 })).notBefore).toEqual(at(T));
  });

  it("truncates fractional NumericDates to seconds", () => {
    expect(readJwtTimes(jwt({ iat: T + 0.9, exp: T + 900.5 }), "access").expiresAt).toEqual(at(T + 900));
  });

  it.each([
    ["no iat", { exp: T }],
    ["no exp", { iat: T }],
    ["zero iat", { iat: 0, exp: T }],
    ["zero exp", { iat: T, exp: 0 }],
    ["string times", { iat: String(T), exp: String(T) }],
  ])("rejects %s with INVALID_CLAIMS", (_name, claims) => {
    expect(() => readJwtTimes(jwt(claims), "access")).toThrow(
      expect.objectContaining({ code: "INVALID_CLAIMS", message: expect.stringMatching(/^could not parse access token: /) }),
    );
  });

  it("names the refresh token when it is the bad one", () => {
    expect(() => tokenSetFromPair(jwt({ iat: T, exp: T + 1 }), jwt({ exp: T }))).toThrow(/^could not parse refresh token/);
  });

  it.each(["", "abc", "a.b", "a.!!!.c", `x.${Buffer.from("[1]").toString("base64url")}.y`])("rejects the non-JWT %j", (token) => {
    expect(() => readJwtTimes(token, "access")).toThrow(expect.objectContaining({ code: "INVALID_CLAIMS" }));
  });

  it("never puts the token in the error", () => {
    const token = `${Buffer.from("{}").toString("base64url")}.${Buffer.from('{"sub":"SECRET-SUB"}').toString("base64url")}.sig`;
    expect(() => readJwtTimes(token, "access")).toThrow(expect.not.objectContaining({ message: expect.stringContaining("SECRET") }));
  });
});

describe("token states (strict comparisons)", () => {
  const set = tokenSetFromPair(jwt({ iat: T, exp: T + 900 }), jwt({ iat: T, exp: T + 7200 }));

  it.each([
    ["at issue", T, { valid: true, current: true, refreshable: false }],
    ["one second later", T + 1, { valid: true, current: true, refreshable: true }],
    ["at ExpiresAt", T + 900, { valid: false, current: true, refreshable: true }],
    ["one second before RefreshBy", T + 7199, { valid: false, current: true, refreshable: true }],
    ["at RefreshBy", T + 7200, { valid: false, current: false, refreshable: false }],
  ])("%s", (_name, now, states) => {
    expect({ valid: isValid(set, at(now)), current: isCurrent(set, at(now)), refreshable: isRefreshable(set, at(now)) }).toEqual(states);
  });

  it("has no state without tokens", () => {
    expect(credentialsState(null, at(T))).toEqual({ valid: false, current: false, refreshable: false });
  });

  it("Check(): none is fine, one is a mismatch, past RefreshBy is expired", () => {
    expect(() => checkTokens("", "", undefined, at(T))).not.toThrow();
    expect(() => checkTokens("a", "", undefined, at(T))).toThrow(expect.objectContaining({ code: "TOKENS_MISMATCH" }));
    expect(() => checkTokens("", "r", at(T + 1), at(T))).toThrow(expect.objectContaining({ code: "TOKENS_MISMATCH" }));
    expect(() => checkTokens("a", "r", at(T), at(T))).toThrow(expect.objectContaining({ code: "TOKENS_EXPIRED" }));
    expect(() => checkTokens("a", "r", at(T + 1), at(T))).not.toThrow();
  });
});

describe("Go time formats", () => {
  const may1 = new Date("2024-05-01T15:15:00Z");

  it.each([
    ["America/Chicago", "2024-05-01 10:15:00 -0500 CDT"],
    ["UTC", "2024-05-01 15:15:00 +0000 UTC"],
    ["America/New_York", "2024-05-01 11:15:00 -0400 EDT"],
    // No alphabetic abbreviation in Intl: the offset stands in, as Go prints for unnamed zones.
    ["Europe/Berlin", "2024-05-01 17:15:00 +0200 +0200"],
    ["Asia/Kolkata", "2024-05-01 20:45:00 +0530 +0530"],
  ])("formats Time.String() in %s", (zone, text) => {
    expect(formatGoTime(may1, zone)).toBe(text);
  });

  it("shows a fraction only when there is one, without trailing zeros", () => {
    expect(formatGoTime(new Date("2024-05-01T15:15:00.120Z"), "UTC")).toBe("2024-05-01 15:15:00.12 +0000 UTC");
  });

  it("uses midnight as 00, not 24", () => {
    expect(formatGoTime(new Date("2024-05-02T00:00:05Z"), "UTC")).toBe("2024-05-02 00:00:05 +0000 UTC");
  });

  it.each([
    ["America/Chicago", "2024-05-01T10:15:00-05:00"],
    ["UTC", "2024-05-01T15:15:00Z"],
    ["Asia/Kolkata", "2024-05-01T20:45:00+05:30"],
  ])("formats RFC 3339 local time in %s", (zone, text) => {
    expect(formatRfc3339Local(may1, zone)).toBe(text);
  });

  it("uses the process time zone by default", () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(formatGoTime(may1)).toBe(formatGoTime(may1, zone));
  });
});

describe("auth --debug line", () => {
  const set = tokenSetFromPair(jwt({ iat: T, exp: T + 900 }), jwt({ iat: T, nbf: T + 3600, exp: T + 7200 }));

  it("says valid until ExpiresAt while the access token is valid", () => {
    expect(authDebugLine(set, at(T + 10), "America/Chicago")).toBe("credentials are valid until 2024-05-01 10:30:00 -0500 CDT");
  });

  it("says current until RefreshBy afterwards, even before NotBefore (as Go does)", () => {
    expect(isRefreshable(set, at(T + 1000))).toBe(false);
    expect(authDebugLine(set, at(T + 1000), "America/Chicago")).toBe("credentials are current until 2024-05-01 12:15:00 -0500 CDT");
  });

  it("says expired or invalid past RefreshBy and without tokens", () => {
    expect(authDebugLine(set, at(T + 7200))).toBe("credentials are expired or invalid");
    expect(authDebugLine(null, at(T))).toBe("credentials are expired or invalid");
    expect(credentialsDebugLine({ valid: false, current: false, refreshable: false })).toBe("credentials are expired or invalid");
  });
});
