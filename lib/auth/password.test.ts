import { describe, expect, it, vi } from "vitest";
import {
  DEFAULT_SCRYPT,
  dummyVerify,
  generatePassword,
  GENERATED_PASSWORD_LENGTH,
  hashPassword,
  needsRehash,
  passwordProblems,
  verifyPassword,
} from "@/lib/auth/password";

// Each scrypt's cost parameters, recorded on the way through to the real node:crypto.
const scryptCalls = vi.hoisted((): { N: number; r: number; p: number }[] => []);
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  const scrypt = ((...args: Parameters<typeof real.scrypt>) => {
    const options = args[3] as { N: number; r: number; p: number };
    scryptCalls.push({ N: options.N, r: options.r, p: options.p });
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});

describe("password hashing", () => {
  it("stores a self-describing scrypt hash that verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain("correct horse");
    await expect(verifyPassword("correct horse battery staple", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse battery stapl", hash)).resolves.toBe(false);
    await expect(verifyPassword("", hash)).resolves.toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same password twice"), hashPassword("same password twice")]);
    expect(a).not.toBe(b);
  });

  it("reads the parameters from the hash, so older (cheaper) hashes keep working and ask for a re-hash", async () => {
    const cheap = await hashPassword("an older account pw", { ln: 10, r: 8, p: 1 });
    expect(cheap.startsWith("scrypt$ln=10,")).toBe(true);
    await expect(verifyPassword("an older account pw", cheap)).resolves.toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword("a current one pw", DEFAULT_SCRYPT))).toBe(false);
  });

  it("never matches a malformed or absurdly expensive stored hash", async () => {
    for (const stored of ["plaintext", "scrypt$ln=15,r=8,p=1$$", "scrypt$ln=31,r=8,p=1$c2FsdHNhbHQ$" + "A".repeat(43)]) {
      await expect(verifyPassword("anything at all", stored)).resolves.toBe(false);
    }
  });

  // Cost is decided by the scrypt parameters, so the test checks those rather than a stopwatch
  // (the timing figure itself is a row of `npm run bench`).
  it("dummyVerify runs one scrypt with today's parameters, as a real verification does (unknown e-mails do not answer faster)", async () => {
    const hash = await hashPassword("timing reference pw");
    const costOf = async (work: () => Promise<unknown>) => {
      scryptCalls.length = 0;
      await work();
      return [...scryptCalls];
    };
    const today = { N: 2 ** DEFAULT_SCRYPT.ln, r: DEFAULT_SCRYPT.r, p: DEFAULT_SCRYPT.p };
    expect(await costOf(() => verifyPassword("timing reference pw", hash))).toEqual([today]);
    expect(await costOf(() => dummyVerify("timing reference pw"))).toEqual([today]);
    // A stored hash that cannot be read costs the same, rather than answering at once.
    expect(await costOf(() => verifyPassword("timing reference pw", "plaintext"))).toEqual([today]);
  });
});

describe("password policy", () => {
  it("asks for at least 12 characters, counting characters as a person does", () => {
    expect(passwordProblems("short pw")).toEqual(["Use at least 12 characters (this one has 8)."]);
    expect(passwordProblems("twelve chars")).toEqual([]);
    expect(passwordProblems("ééééééééééé")).toHaveLength(1); // 11 characters, 22 bytes
  });

  it("refuses the e-mail address (or its local part) as the password, whatever the case", () => {
    expect(passwordProblems("Alice.Smith@Example.org", "alice.smith@example.org")).toEqual([
      "The password cannot be the e-mail address.",
    ]);
    expect(passwordProblems("alice.smith.long", "alice.smith.long@example.org")).toEqual([
      "The password cannot be the e-mail address.",
    ]);
    expect(passwordProblems("a different secret", "alice@example.org")).toEqual([]);
  });

  it("refuses blank and enormous passwords", () => {
    expect(passwordProblems(" ".repeat(12))).toContain("A password cannot be only spaces.");
    expect(passwordProblems("x".repeat(257))).toContain("Use at most 256 characters.");
  });

  it("generates 20-character passwords without look-alike characters that pass the policy", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(GENERATED_PASSWORD_LENGTH);
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]+$/);
      expect(passwordProblems(p, "someone@example.org")).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
