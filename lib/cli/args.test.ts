import { describe, expect, it } from "vitest";
import { parseArgs } from "./args";
import { UsageError } from "./errors";

const specs = {
  id: { kind: "int", aliases: ["i"], usage: "" },
  status: { kind: "boolean", aliases: ["s"], usage: "" },
  password: { kind: "string", aliases: ["p"], usage: "" },
  dns: { kind: "strings", usage: "" },
} as const;

describe("parseArgs", () => {
  it("accepts every spelling of a flag, with one or two dashes and with =", () => {
    for (const argv of [["-i", "7"], ["--i", "7"], ["-id", "7"], ["--id", "7"], ["--id=7"], ["-i=7"]]) {
      expect(parseArgs(argv, specs).flags.id).toBe(7);
    }
  });

  it("gives booleans no separate value but honours =false", () => {
    const parsed = parseArgs(["-s", "file.csr"], specs);
    expect(parsed.flags.status).toBe(true);
    expect(parsed.positionals).toEqual(["file.csr"]);
    expect(parseArgs(["--status=false"], specs).flags.status).toBe(false);
  });

  it("takes the next word as a string value even when it starts with a dash", () => {
    expect(parseArgs(["-p", "-secret-"], specs).flags.password).toBe("-secret-");
  });

  it("collects repeated flags and keeps defaults for absent ones", () => {
    const parsed = parseArgs(["--dns", "a.example.com", "--dns=b.example.com"], specs);
    expect(parsed.flags.dns).toEqual(["a.example.com", "b.example.com"]);
    expect(parsed.flags.id).toBeUndefined();
    expect(parsed.flags.status).toBe(false);
  });

  it("stops at the first positional when asked (global flags before the command)", () => {
    const parsed = parseArgs(["-p", "pw", "create", "-p", "other"], specs, { stopAtPositional: true });
    expect(parsed.flags.password).toBe("pw");
    expect(parsed.positionals).toEqual(["create", "-p", "other"]);
  });

  it("treats words after -- as positionals", () => {
    expect(parseArgs(["--", "-i"], specs).positionals).toEqual(["-i"]);
  });

  it("reports help without failing", () => {
    expect(parseArgs(["--help"], specs).help).toBe(true);
    expect(parseArgs(["-h"], specs).help).toBe(true);
  });

  it("rejects unknown flags, missing values and bad numbers with Go's wording", () => {
    expect(() => parseArgs(["-x"], specs)).toThrow(new UsageError("flag provided but not defined: -x"));
    expect(() => parseArgs(["-i"], specs)).toThrow(new UsageError("flag needs an argument: -i"));
    expect(() => parseArgs(["-i", "abc"], specs)).toThrow(/invalid value "abc" for flag -i/);
    expect(() => parseArgs(["-i", "-3"], specs)).toThrow(/invalid value "-3" for flag -i/);
  });
});
