import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { SectigoClient } from "./client";
import { credentialsCachePath, FileTokenStore, serializeCache } from "./credentials";
import { tokenSetFromPair } from "./tokens";
import { FakeSectigo, jwt, MutableClock, tokenPair } from "./test-support/fake-sectigo";

describe("credentialsCachePath", () => {
  it.each([
    ["linux", { XDG_CACHE_HOME: "/xdg", HOME: "/home/al" }, "/xdg/trisa/sectigo/credentials.yaml"],
    ["linux", { HOME: "/home/al" }, "/home/al/.cache/trisa/sectigo/credentials.yaml"],
    ["linux", { XDG_CACHE_HOME: "", HOME: "/home/al" }, "/home/al/.cache/trisa/sectigo/credentials.yaml"],
    ["freebsd", { HOME: "/usr/home/al" }, "/usr/home/al/.cache/trisa/sectigo/credentials.yaml"],
    ["darwin", { XDG_CACHE_HOME: "/xdg", HOME: "/Users/al" }, "/Users/al/Library/Caches/trisa/sectigo/credentials.yaml"],
    ["win32", { LOCALAPPDATA: "C:\\Users\\al\\AppData\\Local" }, "C:\\Users\\al\\AppData\\Local\\trisa\\sectigo\\credentials.yaml"],
  ] as const)("on %s with %j", (platform, env, expected) => {
    expect(credentialsCachePath(env, platform)).toBe(expected);
  });
});

describe("the cache file", () => {
  let dir: string;
  let clock: MutableClock;
  const T = 1714576500; // 2024-05-01T15:15:00Z

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "sectigo-cache-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    clock = new MutableClock(new Date(T * 1000 + 5_000));
  });

  function store(name: string) {
    const env = { XDG_CACHE_HOME: path.join(dir, name) };
    return new FileTokenStore({ env, platform: "linux", now: clock.now, timeZone: "America/Chicago" });
  }

  const access = jwt({ sub: "/account/42/user/42", iat: T, exp: T + 900 });
  const refresh = jwt({ iat: T, exp: T + 7200 });
  const tokens = tokenSetFromPair(access, refresh);

  it("writes Go's keys in order, RFC 3339 local times, under <cache>/trisa/sectigo", async () => {
    const s = store("keys");
    await s.save(tokens);
    expect(s.path).toBe(path.join(dir, "keys", "trisa", "sectigo", "credentials.yaml"));
    const text = await readFile(s.path, "utf8");
    expect(text).toBe(
      [
        `access_token: ${access}`,
        `refresh_token: ${refresh}`,
        "subject: /account/42/user/42",
        "issued_at: 2024-05-01T10:15:00-05:00",
        "expires_at: 2024-05-01T10:30:00-05:00",
        "not_before: 2024-05-01T10:15:00-05:00",
        "refresh_by: 2024-05-01T12:15:00-05:00",
        "",
      ].join("\n"),
    );
  });

  it("creates the directory 0755 and the file 0644 (before the umask)", async () => {
    const s = store("modes");
    await s.save(tokens);
    const umask = process.umask();
    expect((await stat(path.dirname(s.path))).mode & 0o777).toBe(0o755 & ~umask);
    expect((await stat(s.path)).mode & 0o777).toBe(0o644 & ~umask);
  });

  it("omits empty fields", () => {
    expect(YAML.parse(serializeCache({ ...tokens, subject: "" }))).not.toHaveProperty("subject");
  });

  it("writes {} when cleared", async () => {
    const s = store("cleared");
    await s.save(tokens);
    await s.save(null);
    expect(await readFile(s.path, "utf8")).toBe("{}\n");
    expect(await s.load()).toBeNull();
  });

  it("reads back what it wrote", async () => {
    const s = store("roundtrip");
    await s.save(tokens);
    expect(await s.load()).toEqual(tokens);
  });

  it("returns null when there is no file, and creates none", async () => {
    const s = store("absent");
    expect(await s.load()).toBeNull();
    expect(await s.exists()).toBe(false);
  });

  it("clears expired tokens on load", async () => {
    const s = store("expired");
    await s.save(tokens);
    clock.advance(7200);
    expect(await s.load()).toBeNull();
    expect(await readFile(s.path, "utf8")).toBe("{}\n");
  });

  it.each([
    ["only an access token", `access_token: ${access}\n`],
    ["unreadable claims", "access_token: not-a-jwt\nrefresh_token: nope\n"],
    ["broken YAML", "access_token: [unclosed\n"],
    ["a list", "- a\n- b\n"],
  ])("clears a file with %s", async (_name, content) => {
    const s = store(`bad-${_name.replace(/\W+/g, "-")}`);
    await mkdir(path.dirname(s.path), { recursive: true });
    await writeFile(s.path, content);
    expect(await s.load()).toBeNull();
    expect(await readFile(s.path, "utf8")).toBe("{}\n");
  });

  it("reads a file written by the Go CLI, whatever time zone it used", async () => {
    const s = store("go");
    await mkdir(path.dirname(s.path), { recursive: true });
    await writeFile(s.path, `access_token: ${access}\nrefresh_token: ${refresh}\nsubject: x\nissued_at: 2024-05-01T17:15:00+02:00\n`);
    expect((await s.load())?.expiresAt).toEqual(new Date((T + 900) * 1000));
  });

  describe("used by the client", () => {
    let fake: FakeSectigo;
    beforeEach(async () => {
      fake = await new FakeSectigo(clock).start();
    });
    afterEach(async () => {
      await fake.close();
    });

    it("caches the tokens, never the username or password, and reuses them in the next process", async () => {
      const s = store("client");
      const first = new SectigoClient({ endpoint: fake.url, username: "alice-user", password: "pa55-w0rd", tokenStore: s, now: clock.now });
      await first.authenticate();
      const text = await readFile(s.path, "utf8");
      expect(text).not.toContain("alice-user");
      expect(text).not.toContain("pa55-w0rd");
      expect(Object.keys(YAML.parse(text) as object)).toEqual([
        "access_token",
        "refresh_token",
        "subject",
        "issued_at",
        "expires_at",
        "not_before",
        "refresh_by",
      ]);
      fake.reset();
      const second = new SectigoClient({ endpoint: fake.url, tokenStore: store("client"), now: clock.now });
      await second.licensesUsed();
      expect(fake.counts()).toEqual({ licensesUsed: 1 });
      expect(await second.authDebugLine("UTC")).toMatch(/^credentials are valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
    });

    it("writes {} when the server hands out tokens that are already expired", async () => {
      const s = store("client-expired");
      fake.on("authenticate", () => ({ body: tokenPair(new Date(clock.current.getTime() - 8_000_000)) }));
      const c = new SectigoClient({ endpoint: fake.url, username: "a", password: "b", tokenStore: s, now: clock.now });
      await expect(c.authenticate()).rejects.toMatchObject({ code: "TOKENS_EXPIRED" });
      expect(await readFile(s.path, "utf8")).toBe("{}\n");
    });
  });
});
