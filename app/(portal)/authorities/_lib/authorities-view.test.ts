// The authorities page's data: everything shown when Sectigo answers (with the simulator's
// own catalog as the fake's replies); a failing part leaves that part empty with one
// sentence while the rest renders; parameters fall back to the portal's copy and say so.
import { describe, expect, it } from "vitest";
import { makeApiError, NetworkError, NotAuthorizedError, PROFILE_EE, PROFILE_END_ENTITY, profileParameters } from "@/lib/sectigo";
import { AUTHORITIES, authorityView, organizationView as simulatorOrganization, profileDetail, profileSummary } from "@/lib/simulator/catalog";
import { loadAuthoritiesView, prettyConfig, type AuthoritiesClient } from "./authorities-view";

const BALANCES = { "423": 97, "489": 50 };

function fakeClient(overrides: Partial<AuthoritiesClient> = {}): AuthoritiesClient {
  return {
    userAuthorities: async () => AUTHORITIES.map((a) => authorityView(a, BALANCES[String(a.id) as "423" | "489"])),
    authorityAvailableBalance: async (id) => BALANCES[String(id) as "423" | "489"],
    profileParams: async (id) => profileParameters(id === 17 ? PROFILE_EE : PROFILE_END_ENTITY),
    profiles: async () => [profileSummary(PROFILE_EE), profileSummary(PROFILE_END_ENTITY)],
    profileDetail: async (id) => profileDetail(id === 17 ? PROFILE_EE : PROFILE_END_ENTITY),
    licensesUsed: async () => ({ ordered: 1000, issued: 3 }),
    organization: async () => simulatorOrganization(BALANCES),
    ...overrides,
  };
}

const source = (client: AuthoritiesClient) => async () => ({ mode: "simulator" as const, endpoint: "http://127.0.0.1:8931", client });

describe("loadAuthoritiesView", () => {
  it("shows both authorities with balances, each profile with its parameters, licences and the organization", async () => {
    const view = await loadAuthoritiesView(source(fakeClient()));
    expect(view.problems).toEqual([]);
    expect(view.authorities?.map((a) => [a.authorityId, a.profileId, a.profileName, a.balance])).toEqual([
      [423, 17, "CipherTrace EE", 97],
      [489, 85, "CipherTrace End Entity Certificate", 50],
    ]);
    expect(view.profiles?.map((p) => [p.profileId, p.name, p.network, p.authorityIds, p.parametersFrom])).toEqual([
      [17, "CipherTrace EE", "TestNet", [423], "sectigo"],
      [85, "CipherTrace End Entity Certificate", "MainNet", [489], "sectigo"],
    ]);
    const ee = view.profiles?.[0];
    expect(ee?.parameters.map((p) => [p.name, p.required])).toEqual([
      ["commonName", true],
      ["dNSName", true],
      ["pkcs12Password", true],
    ]);
    expect(ee?.parameters[0]?.validationPattern).toMatch(/^\^/);
    expect(ee?.config).toContain('"validityMonths": 13');
    expect(view.profiles?.[1]?.parameters.map((p) => p.name)).toContain("organizationName");
    expect(view.licenses).toEqual({ ordered: 1000, issued: 3 });
    expect(view.organization).toMatchObject({ id: 42, name: "TRISA Simulator", status: "ACTIVE", parameters: [["Organization", "TRISA Simulator"]] });
  });

  it("keeps the other parts when one call fails, and says which part is missing", async () => {
    const view = await loadAuthoritiesView(
      source(
        fakeClient({
          organization: async () => {
            throw new NotAuthorizedError();
          },
          profileParams: async () => {
            throw new NetworkError("127.0.0.1:8931", "connection refused");
          },
        }),
      ),
    );
    expect(view.organization).toBeNull();
    expect(view.authorities).toHaveLength(2);
    expect(view.profiles?.map((p) => p.parametersFrom)).toEqual(["portal", "portal"]);
    expect(view.profiles?.[0]?.parameters.map((p) => p.name)).toEqual(["commonName", "dNSName", "pkcs12Password"]);
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0]).toMatch(/^Organization: /);
  });

  it("renders with one notice per part when Sectigo is down", async () => {
    const down = async () => {
      throw new NetworkError("127.0.0.1:8931", "connection refused");
    };
    const view = await loadAuthoritiesView(
      source(fakeClient({ userAuthorities: down, profiles: down, profileDetail: down, profileParams: down, licensesUsed: down, organization: down })),
    );
    expect(view).toMatchObject({ authorities: null, profiles: null, licenses: null, organization: null });
    expect(view.problems.length).toBeGreaterThanOrEqual(4);
    for (const p of view.problems) expect(p).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    expect(view.problems[0]).toMatch(/^Authorities: Sectigo could not be reached at 127\.0\.0\.1:8931 \(connection refused\); nothing was sent/);
  });

  it("a server error is said as Sectigo's answer, not as an outage", async () => {
    const failing = async () => {
      throw makeApiError({ httpStatus: 500, status: 500, apiMessage: "Internal error", errorCode: 0, timestamp: 0, fromBody: true });
    };
    const view = await loadAuthoritiesView(source(fakeClient({ licensesUsed: failing })));
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0]).toMatch(/^Licences: Sectigo answered with a server error \(HTTP 500\)/);
    expect(view.problems[0]).not.toMatch(/could not be reached/);
  });

  it("gives up on a silent Sectigo at the page deadline", async () => {
    const hang = () => new Promise<never>(() => undefined);
    const view = await loadAuthoritiesView(source(fakeClient({ userAuthorities: hang, licensesUsed: hang })), { deadlineMs: 20 });
    expect(view.authorities).toBeNull();
    expect(view.licenses).toBeNull();
    expect(view.organization).not.toBeNull();
    expect(view.problems.some((p) => /^Authorities: Sectigo at 127\.0\.0\.1:8931 did not answer within \d+ s; try again later\.$/.test(p))).toBe(true);
  });

  it("says so when the connection itself has not started", async () => {
    const view = await loadAuthoritiesView(async () => {
      throw new Error("port in use");
    });
    expect(view.mode).toBeNull();
    expect(view.problems).toEqual(["The portal's connection to Sectigo has not started; see the server log, then restart the portal."]);
  });
});

describe("prettyConfig", () => {
  it("indents JSON and leaves other text alone", () => {
    expect(prettyConfig('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyConfig("not json")).toBe("not json");
  });
});
