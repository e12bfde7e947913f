import { describe, expect, it } from "vitest";
import { buildProfileParams, chooseAuthority, joinDnsNames, type AuthoritySource } from "./params";
import { NotFoundError, SectigoError, SectigoTimeoutError, type NoAuthorityError } from "./errors";
import { generatePkcs12Password, PKCS12_PASSWORD_LENGTH } from "./password";
import { PROFILE_EE, PROFILE_END_ENTITY } from "./profiles";
import { SAMPLE_AUTHORITY } from "./test-support/fake-sectigo";

describe("buildProfileParams", () => {
  it("sends only profile 17's keys, in sorted order", () => {
    const params = buildProfileParams(17, { commonName: "trisa.example.com", pkcs12Password: "Abcdefgh12345678", countryName: "DE" });
    expect(params).toEqual({ commonName: "trisa.example.com", dNSName: "trisa.example.com", pkcs12Password: "Abcdefgh12345678" });
    expect(Object.keys(params)).toEqual([...PROFILE_EE.required]);
  });

  it("fills the subject defaults for profile 85", () => {
    const params = buildProfileParams(PROFILE_END_ENTITY, { commonName: "trisa.example.com", pkcs12Password: "Abcdefgh12345678" });
    expect(params).toEqual({
      commonName: "trisa.example.com",
      countryName: "US",
      dNSName: "trisa.example.com",
      localityName: "Menlo Park",
      organizationName: "TRISA Member VASP",
      pkcs12Password: "Abcdefgh12345678",
      stateOrProvinceName: "California",
    });
    expect(Object.keys(params)).toEqual([...PROFILE_END_ENTITY.required]);
  });

  it("keeps given subject values, treating blanks as absent", () => {
    const params = buildProfileParams("CipherTrace End Entity Certificate", {
      commonName: "trisa.example.com",
      pkcs12Password: "Abcdefgh12345678",
      organizationName: "Example VASP Ltd",
      localityName: " ",
      countryName: "GB",
    });
    expect(params).toMatchObject({ organizationName: "Example VASP Ltd", localityName: "Menlo Park", countryName: "GB" });
  });

  it("joins dNSName with \\n, CN first, deduplicated, without empty lines", () => {
    expect(joinDnsNames("a.example.com", ["b.example.com", "", "A.EXAMPLE.COM", " c.example.com ", "b.example.com"])).toBe(
      "a.example.com\nb.example.com\nc.example.com",
    );
    const params = buildProfileParams(17, { commonName: "a.example.com", dnsNames: ["b.example.com"], pkcs12Password: "Abcdefgh12345678" });
    expect(params.dNSName).toBe("a.example.com\nb.example.com");
  });

  it("enforces the 253-character limit on every name of dNSName, not only the first", () => {
    const name = (last: number) => `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(last)}`;
    expect(name(61)).toHaveLength(253);
    const base = { commonName: "a.example.com", pkcs12Password: "Abcdefgh12345678" };
    expect(buildProfileParams(17, { ...base, dnsNames: [name(61)] }).dNSName).toBe(`a.example.com\n${name(61)}`);
    expect(() => buildProfileParams(17, { ...base, dnsNames: [name(62)] })).toThrow(expect.objectContaining({ code: "INVALID_PARAMS" }));
  });

  it("refuses bad input with every problem and no value", () => {
    let caught: unknown;
    try {
      buildProfileParams(85, { commonName: "not a domain", dnsNames: ["ok.example.com"], pkcs12Password: "", countryName: "usa" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SectigoError);
    const err = caught as SectigoError & { problems: { param: string }[] };
    expect(err.code).toBe("INVALID_PARAMS");
    expect(err.problems.map((p) => p.param).sort()).toEqual(["commonName", "countryName", "dNSName", "pkcs12Password"]);
    expect(err.message).not.toContain("usa");
  });

  it("refuses an unknown profile", () => {
    expect(() => buildProfileParams(99, { commonName: "a.example.com", pkcs12Password: "Abcdefgh12345678" })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT", message: "unknown profile: 99" }),
    );
  });
});

describe("chooseAuthority", () => {
  const authority = (id: number) => ({ ...SAMPLE_AUTHORITY, id, balance: 999 });

  function source(balances: Record<number, number | Error>, ids: number[]): AuthoritySource & { asked: number[] } {
    const asked: number[] = [];
    return {
      asked,
      userAuthorities: async () => ids.map(authority),
      authorityAvailableBalance: async (id) => {
        asked.push(id);
        const b = balances[id];
        if (b instanceof Error) throw b;
        return b ?? 0;
      },
    };
  }

  it("takes the first authority in list order with a balance above 0, ignoring the list's balance field", async () => {
    const src = source({ 489: 0, 423: 100, 500: 5 }, [489, 423, 500]);
    const chosen = await chooseAuthority(src);
    expect(chosen.authority.id).toBe(423);
    expect(chosen.balance).toBe(100);
    expect(src.asked).toEqual([489, 423]);
  });

  it("skips authorities whose balance cannot be read", async () => {
    const notFound = new NotFoundError({ httpStatus: 404, status: 404, apiMessage: "x", errorCode: 0, timestamp: 0, fromBody: false });
    const src = source({ 1: notFound, 2: new SectigoTimeoutError("x", 1), 3: 7 }, [1, 2, 3]);
    const chosen = await chooseAuthority(src);
    expect(chosen.authority.id).toBe(3);
    expect(chosen.skipped).toEqual([
      { authorityId: 1, code: "NOT_FOUND" },
      { authorityId: 2, code: "TIMEOUT" },
    ]);
  });

  it("says so when none has a balance", async () => {
    const src = source({ 1: 0, 2: new Error("boom") }, [1, 2]);
    const err = (await chooseAuthority(src).catch((e: unknown) => e)) as NoAuthorityError;
    expect(err.code).toBe("NO_AUTHORITY");
    expect(err.message).toBe("could not find authority with available balance out of 2 available authorities");
    expect(err.skipped).toEqual([{ authorityId: 2, code: "UNKNOWN" }]);
  });

  it("says so for an empty list", async () => {
    await expect(chooseAuthority(source({}, []))).rejects.toThrow("out of 0 available authorities");
  });
});

describe("generatePkcs12Password", () => {
  it("makes 16 characters of [a-zA-Z0-9] that differ each time", () => {
    const passwords = Array.from({ length: 50 }, () => generatePkcs12Password());
    for (const p of passwords) expect(p).toMatch(/^[a-zA-Z0-9]{16}$/);
    expect(PKCS12_PASSWORD_LENGTH).toBe(16);
    expect(new Set(passwords).size).toBe(50);
  });

  it("throws away bytes of 248 and above instead of folding them (no modulo bias)", () => {
    const stream = [248, 255, 0, 61, 62, 247, 250, 25, 26];
    let i = 0;
    const fill = (bytes: Uint8Array) => {
      for (let j = 0; j < bytes.length; j++) bytes[j] = stream[i++ % stream.length] ?? 0;
      return bytes;
    };
    // 0→a, 61→9, 62→a, 247→(247 % 62 = 61)→9, 25→z, 26→A
    expect(generatePkcs12Password(6, fill)).toBe("a9a9zA");
  });

  it("uses every character about equally often", () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 2000; n++) for (const ch of generatePkcs12Password()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 32 000 characters / 62 ≈ 516 each; a 5-sigma band (±~113) leaves a biased generator no room.
    for (const n of counts.values()) expect(Math.abs(n - 516)).toBeLessThan(120);
  });
});
