// The connection page's data: everything shown when Sectigo answers; a failing balance is
// "unknown" for that authority only; a down or silent Sectigo gives one clear notice and the
// page still renders; tokens never reach the view.
import { describe, expect, it } from "vitest";
import { NetworkError, NotAuthorizedError, SectigoTimeoutError, type Authority, type CredentialsState } from "@/lib/sectigo";
import { loadConnectionView, type ConnectionClient, type ConnectionSource } from "./connection-view";

const NOW = new Date("2026-11-25T12:00:00.000Z");

function authority(id: number, profileId: number, profileName: string): Authority {
  return { id, ecosystemId: 1, signerCertificateId: 2, ecosystemName: "TRISA", balance: 99, enabled: true, profileId, profileName };
}

const validState: CredentialsState = {
  valid: true,
  current: true,
  refreshable: true,
  subject: "tester",
  issuedAt: new Date(NOW.getTime() - 60_000),
  expiresAt: new Date(NOW.getTime() + 14 * 60_000),
  notBefore: new Date(NOW.getTime() - 60_000),
  refreshBy: new Date(NOW.getTime() + 119 * 60_000),
};

function fakeClient(overrides: Partial<ConnectionClient> = {}): ConnectionClient {
  return {
    userAuthorities: async () => [authority(423, 17, "CipherTrace EE_#17"), authority(489, 85, "CipherTrace End Entity Certificate")],
    authorityAvailableBalance: async (id) => (id === 423 ? 120 : 45),
    licensesUsed: async () => ({ ordered: 1000, issued: 12 }),
    organization: async () => ({ organizationName: "TRISA" }) as Awaited<ReturnType<ConnectionClient["organization"]>>,
    credentialsState: async () => validState,
    ...overrides,
  };
}

const source = (client: ConnectionClient, mode: ConnectionSource["mode"] = "simulator") => async () => ({
  mode,
  endpoint: "http://127.0.0.1:8831",
  client,
});

describe("loadConnectionView", () => {
  it("shows mode, endpoint, credentials in auth --debug words, authorities with balances, licences and organization", async () => {
    const view = await loadConnectionView(source(fakeClient()), { now: () => NOW });
    expect(view).toMatchObject({
      mode: "simulator",
      endpoint: "http://127.0.0.1:8831",
      credentials: {
        phrase: "valid until",
        untilUtc: "2026-11-25 12:14:00 UTC",
        relative: "in 14 min",
        subject: "tester",
        debugLine: "credentials are valid until 2026-11-25 12:14:00 +0000 UTC",
      },
      licenses: { ordered: 1000, issued: 12 },
      organizationName: "TRISA",
      problem: null,
    });
    expect(view.authorities?.map((a) => [a.id, a.balance])).toEqual([
      [423, 120],
      [489, 45],
    ]);
  });

  it("a balance that fails is unknown for that authority only", async () => {
    const view = await loadConnectionView(
      source(fakeClient({ authorityAvailableBalance: async (id) => (id === 489 ? Promise.reject(new NotAuthorizedError()) : 7) })),
      { now: () => NOW },
    );
    expect(view.authorities?.map((a) => [a.id, a.balance])).toEqual([
      [423, 7],
      [489, null],
    ]);
    expect(view.problem).toBeNull();
  });

  it("Sectigo down: one notice naming the endpoint; credentials still shown from the stored state", async () => {
    const down = () => Promise.reject(new NetworkError("127.0.0.1:8831", "ECONNREFUSED"));
    const view = await loadConnectionView(
      source(fakeClient({ userAuthorities: down, licensesUsed: down, organization: down }), "live"),
      { now: () => NOW },
    );
    expect(view.problem).toBe(
      "Sectigo could not be reached at http://127.0.0.1:8831 — the portal keeps working with its local data; try again later.",
    );
    expect(view.authorities).toBeNull();
    expect(view.licenses).toBeNull();
    expect(view.credentials?.phrase).toBe("valid until");
  });

  it("Sectigo silent: the page gives up at its deadline instead of hanging", async () => {
    const never = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const view = await loadConnectionView(
      source(fakeClient({ userAuthorities: never, licensesUsed: never, organization: never })),
      { deadlineMs: 50, now: () => NOW },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(view.problem).toMatch(/could not be reached/);
  });

  it("a timeout from the client reads the same way", async () => {
    const slow = () => Promise.reject(new SectigoTimeoutError("licensesUsed", 30_000));
    const view = await loadConnectionView(source(fakeClient({ licensesUsed: slow })), { now: () => NOW });
    expect(view.problem).toMatch(/could not be reached/);
    expect(view.authorities).toHaveLength(2);
  });

  it("a refusal is explained in Sectigo's terms, not as an outage", async () => {
    const refused = () => Promise.reject(new NotAuthorizedError());
    const view = await loadConnectionView(source(fakeClient({ organization: refused })), { now: () => NOW });
    expect(view.problem).toMatch(/not authorized/i);
  });

  it("no connection at all: a notice, and the page still renders", async () => {
    const view = await loadConnectionView(() => Promise.reject(new Error("EADDRINUSE")), { now: () => NOW });
    expect(view).toMatchObject({ mode: null, endpoint: null, authorities: null });
    expect(view.problem).toMatch(/has not started/);
  });

  it("never carries a token", async () => {
    const withTokens = { ...validState, accessToken: "eyJhbGciOi.secret.sig", refreshToken: "eyJ.refresh.sig" } as CredentialsState;
    const view = await loadConnectionView(source(fakeClient({ credentialsState: async () => withTokens })), { now: () => NOW });
    expect(JSON.stringify(view)).not.toMatch(/eyJ/);
  });
});
