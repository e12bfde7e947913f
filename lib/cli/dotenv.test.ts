import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDotEnv, withDotEnv } from "./dotenv";

describe("parseDotEnv", () => {
  it("reads KEY=VALUE lines with comments, export, quotes and escapes", () => {
    const text = [
      "# a comment",
      "",
      "SECTIGO_USERNAME=alice",
      "export SECTIGO_ENDPOINT = http://127.0.0.1:8831  # local simulator",
      "SINGLE='a\\n #literal'",
      'DOUBLE="line1\\nline2 \\"q\\""',
      "HASH=abc#def",
      "not an assignment",
      "1BAD=x",
      "EMPTY=",
    ].join("\r\n");
    expect(parseDotEnv(text)).toEqual({
      SECTIGO_USERNAME: "alice",
      SECTIGO_ENDPOINT: "http://127.0.0.1:8831",
      SINGLE: "a\\n #literal",
      DOUBLE: 'line1\nline2 "q"',
      HASH: "abc#def",
      EMPTY: "",
    });
  });
});

describe("withDotEnv", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-dotenv-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("applies the file under the environment, never over a variable already set", () => {
    fs.writeFileSync(path.join(dir, ".env"), "SECTIGO_USERNAME=from-file\nSECTIGO_PASSWORD=file-pw\n");
    const { env, loaded } = withDotEnv({ SECTIGO_USERNAME: "from-env", SECTIGO_ENDPOINT: "" }, dir);
    expect(loaded).toBe(path.join(dir, ".env"));
    expect(env.SECTIGO_USERNAME).toBe("from-env");
    expect(env.SECTIGO_PASSWORD).toBe("file-pw");
    expect(env.SECTIGO_ENDPOINT).toBe("");
  });

  it("is a no-op without a .env file", () => {
    const empty = fs.mkdtempSync(path.join(dir, "empty-"));
    const source = { A: "1" };
    expect(withDotEnv(source, empty)).toEqual({ env: source });
  });
});
