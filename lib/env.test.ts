// parseEnv: the portal's start-up check. A Sectigo account without an endpoint stops the
// start (no silent fallback to the simulator) and names the missing variable; an endpoint
// without the account names what is missing; nothing set means the embedded simulator.
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { envOrExit, parseEnv as parse } from "./env";

const parseEnv = (source: Record<string, string>) => parse(source);

function messageOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toMatchObject({ code: "CONFIG_INVALID" });
    return (err as Error).message;
  }
  throw new Error("parseEnv accepted the configuration");
}

describe("parseEnv and the Sectigo account", () => {
  it("nothing set: the embedded simulator", () => {
    expect(parseEnv({})).toMatchObject({ embeddedSimulator: true, simulatorPort: 8831 });
    expect(parseEnv({ SECTIGO_ENDPOINT: "", SECTIGO_USERNAME: " ", SECTIGO_PASSWORD: "" }).embeddedSimulator).toBe(true);
  });

  it("endpoint and account: live Sectigo", () => {
    const env = parseEnv({ SECTIGO_ENDPOINT: "https://iot.sectigo.com", SECTIGO_USERNAME: "u", SECTIGO_PASSWORD: "p" });
    expect(env).toMatchObject({ embeddedSimulator: false, SECTIGO_ENDPOINT: "https://iot.sectigo.com" });
  });

  it.each([
    [{ SECTIGO_USERNAME: "alice", SECTIGO_PASSWORD: "real-secret-pw" }, "SECTIGO_USERNAME and SECTIGO_PASSWORD are set"],
    [{ SECTIGO_USERNAME: "alice" }, "SECTIGO_USERNAME is set"],
    [{ SECTIGO_PASSWORD: "real-secret-pw", SECTIGO_ENDPOINT: "  " }, "SECTIGO_PASSWORD is set"],
  ])("an account without SECTIGO_ENDPOINT refuses to start and says what to do (%o)", (source, named) => {
    const message = messageOf(source);
    expect(message).toContain("SECTIGO_ENDPOINT: missing.");
    expect(message).toContain(named);
    expect(message).toContain("Set SECTIGO_ENDPOINT to talk to Sectigo, or unset SECTIGO_USERNAME and SECTIGO_PASSWORD");
    expect(message).toContain("SIMULATOR_USERNAME / SIMULATOR_PASSWORD");
    expect(message).not.toContain("real-secret-pw");
  });

  it.each([
    [{ SECTIGO_ENDPOINT: "https://iot.sectigo.com" }, "SECTIGO_USERNAME and SECTIGO_PASSWORD: required"],
    [{ SECTIGO_ENDPOINT: "https://iot.sectigo.com", SECTIGO_USERNAME: "u" }, "SECTIGO_PASSWORD: required"],
    [{ SECTIGO_ENDPOINT: "https://iot.sectigo.com", SECTIGO_PASSWORD: "p" }, "SECTIGO_USERNAME: required"],
  ])("an endpoint without the full account names the missing variable (%o)", (source, named) => {
    expect(messageOf(source)).toContain(`  ${named} when SECTIGO_ENDPOINT names a Sectigo service`);
  });

  it("a bad endpoint is named before anything else", () => {
    expect(messageOf({ SECTIGO_ENDPOINT: "iot.sectigo.com", SECTIGO_USERNAME: "u", SECTIGO_PASSWORD: "p" })).toContain(
      "SECTIGO_ENDPOINT: must be an http(s) URL",
    );
  });
});

describe("envOrExit (the boot check)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
  });

  it("prints the message alone, without a stack, and stops the process with status 1", () => {
    delete (globalThis as { __portalEnv?: unknown }).__portalEnv;
    vi.stubEnv("SECTIGO_ENDPOINT", "");
    vi.stubEnv("SECTIGO_USERNAME", "alice");
    vi.stubEnv("SECTIGO_PASSWORD", "real-secret-pw");
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void printed.push(line));
    vi.spyOn(process, "exit").mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    expect(() => envOrExit()).toThrow("exit 1");
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^The portal did not start\.\nInvalid configuration:\n {2}SECTIGO_ENDPOINT: missing\./);
    expect(printed[0]).not.toMatch(/\n\s+at /);
    expect(printed[0]).not.toContain("real-secret-pw");
  });
});

describe("the data folder and the database file", () => {
  it("uses DATABASE_URL as a path (file: prefix allowed), else DATA_DIR/portal.db, else ./data/portal.db", () => {
    expect(parseEnv({ DATABASE_URL: "/srv/p.db" }).databaseFile).toBe("/srv/p.db");
    expect(parseEnv({ DATABASE_URL: "file:/srv/q.db" }).databaseFile).toBe("/srv/q.db");
    expect(parseEnv({ DATA_DIR: "/var/portal" })).toMatchObject({ DATA_DIR: "/var/portal", databaseFile: "/var/portal/portal.db" });
    expect(parseEnv({})).toMatchObject({ DATA_DIR: path.resolve("data"), databaseFile: path.resolve("data/portal.db") });
  });

  it("refuses a DATA_KEY that is not 32 bytes of base64, without repeating it", () => {
    const message = messageOf({ DATA_KEY: "c2hvcnQta2V5" });
    expect(message).toContain("DATA_KEY: must be 32 random bytes in base64");
    expect(message).not.toContain("c2hvcnQta2V5");
    expect(parseEnv({ DATA_KEY: Buffer.alloc(32, 7).toString("base64") }).DATA_KEY).toBeDefined();
  });
});

describe("parseEnv and single sign-on", () => {
  const SSO = { OIDC_ISSUER: "https://login.example.org/realms/staff", OIDC_CLIENT_ID: "ca-portal", OIDC_CLIENT_SECRET: "s3cret" };

  it("none set: no single sign-on", () => {
    expect(parseEnv({}).sso).toBeNull();
    expect(parseEnv({ OIDC_ISSUER: " ", OIDC_CLIENT_ID: "", OIDC_NAME: "Example" }).sso).toBeNull();
  });

  it("all three: single sign-on, named 'your organisation' unless OIDC_NAME says otherwise", () => {
    expect(parseEnv(SSO).sso).toEqual({ issuer: SSO.OIDC_ISSUER, clientId: "ca-portal", clientSecret: "s3cret", name: "your organisation" });
    expect(parseEnv({ ...SSO, OIDC_NAME: " Example Ltd " }).sso?.name).toBe("Example Ltd");
  });

  it.each([
    [{ OIDC_ISSUER: SSO.OIDC_ISSUER }, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set"],
    [{ OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y" }, "OIDC_ISSUER: required when OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set"],
    [{ ...SSO, OIDC_CLIENT_SECRET: "" }, "OIDC_CLIENT_SECRET: required when OIDC_ISSUER and OIDC_CLIENT_ID are set"],
  ])("a partial configuration refuses to start and names what is missing (%o)", (source, named) => {
    expect(messageOf(source)).toContain(named);
  });

  it.each([
    ["http://login.example.org", "must be an https URL"],
    ["ftp://login.example.org", "must be an https URL"],
    ["login.example.org", "must be the identity provider's issuer URL"],
    ["https://login.example.org/?tenant=1", "without a query or a fragment"],
  ])("refuses the issuer %s", (issuer, problem) => {
    const message = messageOf({ ...SSO, OIDC_ISSUER: issuer });
    expect(message).toContain("OIDC_ISSUER:");
    expect(message).toContain(problem);
  });

  it.each(["http://127.0.0.1:3630", "http://localhost:8080/idp", "https://login.example.org"])("accepts the issuer %s", (issuer) => {
    expect(parseEnv({ ...SSO, OIDC_ISSUER: issuer }).sso?.issuer).toBe(issuer);
  });

  it("never repeats the client secret in a message", () => {
    expect(messageOf({ OIDC_CLIENT_SECRET: "very-secret-value" })).not.toContain("very-secret-value");
  });
});

describe("parseEnv and the expiry notices", () => {
  it("accepts smtp:// and smtps:// with a sender, and a webhook with its secret", () => {
    const env = parseEnv({
      SMTP_URL: "smtps://portal:p%40ss@mail.example.org:465",
      NOTIFY_FROM: "ca-portal@example.org",
      NOTIFY_WEBHOOK_URL: "https://hooks.example.org/ca",
      NOTIFY_WEBHOOK_SECRET: "0123456789abcdef",
    });
    expect(env.SMTP_URL).toBe("smtps://portal:p%40ss@mail.example.org:465");
    expect(env.NOTIFY_WEBHOOK_URL).toBe("https://hooks.example.org/ca");
  });

  it("names what is wrong with SMTP_URL without repeating its password", () => {
    const message = messageOf({ SMTP_URL: "http://user:hunter2hunter2@mail.example.org", NOTIFY_FROM: "a@example.org" });
    expect(message).toContain("SMTP_URL: must start with smtp://");
    expect(message).not.toContain("hunter2hunter2");
    expect(messageOf({ SMTP_URL: "mail.example.org" })).toContain("SMTP_URL: must be a mail server URL such as smtp://");
  });

  it("asks for NOTIFY_FROM with SMTP_URL, and for both webhook variables together", () => {
    expect(messageOf({ SMTP_URL: "smtp://mail.example.org:587" })).toContain("NOTIFY_FROM: required when SMTP_URL is set");
    expect(messageOf({ SMTP_URL: "smtp://mail.example.org", NOTIFY_FROM: "not an address" })).toContain("NOTIFY_FROM: must be the sender's e-mail address");
    expect(messageOf({ NOTIFY_WEBHOOK_URL: "https://hooks.example.org/ca" })).toContain("NOTIFY_WEBHOOK_SECRET: required when NOTIFY_WEBHOOK_URL is set");
    expect(messageOf({ NOTIFY_WEBHOOK_SECRET: "0123456789abcdef" })).toContain("NOTIFY_WEBHOOK_URL: required when NOTIFY_WEBHOOK_SECRET is set");
    expect(messageOf({ NOTIFY_WEBHOOK_URL: "https://hooks.example.org", NOTIFY_WEBHOOK_SECRET: "short" })).toContain("NOTIFY_WEBHOOK_SECRET: must be at least 16 characters");
  });

  it("wants https for the webhook, except on the loopback host", () => {
    const secret = { NOTIFY_WEBHOOK_SECRET: "0123456789abcdef" };
    expect(messageOf({ ...secret, NOTIFY_WEBHOOK_URL: "http://hooks.example.org/ca" })).toContain("NOTIFY_WEBHOOK_URL: must be an https URL");
    expect(messageOf({ ...secret, NOTIFY_WEBHOOK_URL: "https://u:p@hooks.example.org/ca" })).toContain("must not carry a user or password");
    expect(parseEnv({ ...secret, NOTIFY_WEBHOOK_URL: "http://127.0.0.1:3641/hook" }).NOTIFY_WEBHOOK_URL).toBe("http://127.0.0.1:3641/hook");
  });
});
