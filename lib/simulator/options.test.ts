import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveOptions, simulatorOptionsFromEnv } from "./options";

describe("simulatorOptionsFromEnv", () => {
  it("uses the documented defaults when nothing is set", () => {
    expect(simulatorOptionsFromEnv({}, "data")).toEqual({
      dataDir: path.resolve("data"),
      username: "tester",
      password: "supersecretsquirrel",
      processingDelayMs: 3000,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 7200,
      pkcs12Format: "modern",
      leafKeyBits: 4096,
    });
  });

  it("reads every setting, treating blank values as unset", () => {
    const options = simulatorOptionsFromEnv({
      SIMULATOR_USERNAME: "u",
      SIMULATOR_PASSWORD: "p",
      SIMULATOR_PROCESSING_DELAY_MS: "0",
      SIMULATOR_ACCESS_TTL_SECONDS: "5",
      SIMULATOR_REFRESH_TTL_SECONDS: " ",
      SIMULATOR_PKCS12_FORMAT: "Legacy",
      SIMULATOR_LEAF_KEY_BITS: "2048",
      SIMULATOR_PUBLIC_URL: "http://localhost:8831",
    }, "/tmp/x");
    expect(options).toMatchObject({
      dataDir: "/tmp/x",
      username: "u",
      password: "p",
      processingDelayMs: 0,
      accessTokenTtlSeconds: 5,
      refreshTokenTtlSeconds: 7200,
      pkcs12Format: "legacy",
      leafKeyBits: 2048,
      publicUrl: "http://localhost:8831",
    });
  });

  it("takes its login from SIMULATOR_USERNAME/PASSWORD, never from the real Sectigo account", () => {
    expect(simulatorOptionsFromEnv({ SECTIGO_USERNAME: "real-user", SECTIGO_PASSWORD: "real-password" }, "data")).toMatchObject({
      username: "tester",
      password: "supersecretsquirrel",
    });
  });

  it("names every bad variable in one message", () => {
    let message = "";
    try {
      simulatorOptionsFromEnv({
        SIMULATOR_PROCESSING_DELAY_MS: "soon",
        SIMULATOR_PKCS12_FORMAT: "rc2",
        SIMULATOR_LEAF_KEY_BITS: "1024",
        SIMULATOR_PUBLIC_URL: "ftp://x",
        SIMULATOR_ACCESS_TTL_SECONDS: "0",
      }, "data");
    } catch (err) {
      message = (err as Error).message;
      expect((err as { code?: string }).code).toBe("INVALID_OPTIONS");
    }
    for (const name of ["SIMULATOR_PROCESSING_DELAY_MS", "SIMULATOR_PKCS12_FORMAT", "SIMULATOR_LEAF_KEY_BITS", "SIMULATOR_PUBLIC_URL", "SIMULATOR_ACCESS_TTL_SECONDS"]) {
      expect(message).toContain(name);
    }
  });

  it("refuses options it cannot honour", () => {
    expect(() => resolveOptions({ dataDir: "/tmp/x", username: "u", password: "p", port: 70000 })).toThrow(/port/);
    expect(() => resolveOptions({ dataDir: "/tmp/x", username: "", password: "p" })).toThrow(/username and password/);
  });
});
