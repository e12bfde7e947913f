// The connection page's data: everything shown when Sectigo answers; a failing balance is
// "unknown" for that authority only; the state comes from the live probe (a held token never
// makes a down Sectigo look fine); the page still renders; tokens never reach the view.
import { afterEach, describe, expect, it, vi } from "vitest";
import { NetworkError, NotAuthenticatedError, NotAuthorizedError, SectigoTimeoutError, makeApiError, type Authority, type CredentialsState } from "@/lib/sectigo";
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

const source =
  (client: ConnectionClient, mode: ConnectionSource["mode"] = "simulator", lastContact: Date | null = null) =>
  async (): Promise<ConnectionSource> => ({
    mode,
    endpoint: "http://127.0.0.1:8831",
    client,
    lastContact: () => lastContact,
  });

describe("loadConnectionView", () => {
  afterEach(() => vi.useRealTimers());

  it("shows the state, last contact, mode, endpoint, token, authorities with balances, licences and organization", async () => {
    const contact = new Date(NOW.getTime() - 3 * 60_000);
    const view = await loadConnectionView(source(fakeClient(), "simulator", contact), { now: () => NOW });
    expect(view).toMatchObject({
      mode: "simulator",
      endpoint: "http://127.0.0.1:8831",
      state: { kind: "reachable", label: "Reachable", sentence: expect.stringMatching(/^Sectigo at 127\.0\.0\.1:8831 answered just now, in \d\.\d s\.$/) },
      lastContact: { utc: "2026-11-25 11:57:00 UTC", relative: "3 min ago" },
      credentials: {
        phrase: "valid until",
        untilUtc: "2026-11-25 12:14:00 UTC",
        relative: "in 14 min",
        subject: "tester",
        debugLine: "credentials are valid until 2026-11-25 12:14:00 +0000 UTC",
      },
      licenses: { ordered: 1000, issued: 12 },
      organizationName: "TRISA",
    });
    expect(view.authorities?.map((a) => [a.id, a.balance])).toEqual([
      [423, 120],
      [489, 45],
    ]);
  });

  it("a balance that fails is unknown for that authority only, and the state stays reachable", async () => {
    const view = await loadConnectionView(
      source(fakeClient({ authorityAvailableBalance: async (id) => (id === 489 ? Promise.reject(new NotAuthorizedError()) : 7) })),
      { now: () => NOW },
    );
    expect(view.authorities?.map((a) => [a.id, a.balance])).toEqual([
      [423, 7],
      [489, null],
    ]);
    expect(view.state.kind).toBe("reachable");
  });

  it("Sectigo down: unreachable, the host named and nothing sent, although a valid token is held; last contact never", async () => {
    const down = () => Promise.reject(new NetworkError("127.0.0.1:8831", "connection refused"));
    const view = await loadConnectionView(
      source(fakeClient({ userAuthorities: down, licensesUsed: down, organization: down }), "live"),
      { now: () => NOW },
    );
    expect(view.state).toMatchObject({ kind: "unreachable", label: "Unreachable" });
    expect(view.state.sentence).toMatch(/^Sectigo could not be reached at 127\.0\.0\.1:8831 \(connection refused\); nothing was sent/);
    expect(view.lastContact).toBeNull();
    expect(view.authorities).toBeNull();
    expect(view.licenses).toBeNull();
    // The token is still reported, as what the portal holds, not as the state.
    expect(view.credentials?.phrase).toBe("valid until");
  });

  it("Sectigo silent: the page gives up at its deadline instead of hanging, and says so", async () => {
    const never = () => new Promise<never>(() => undefined);
    // Fake timers make "at its deadline" exact: not a tick before, and nothing else is waited for.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let settled = false;
    const loading = loadConnectionView(
      source(fakeClient({ userAuthorities: never, licensesUsed: never, organization: never })),
      { deadlineMs: 50, now: () => NOW },
    ).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const view = await loading;
    expect(view.state.kind).toBe("unreachable");
    expect(view.state.sentence).toMatch(/^Sectigo at 127\.0\.0\.1:8831 did not answer within 0\.1 s/);
  });

  it("part of the probe timing out while the rest answers reads as slow, naming what is missing", async () => {
    const slow = () => Promise.reject(new SectigoTimeoutError("licensesUsed", 30_000));
    const view = await loadConnectionView(source(fakeClient({ licensesUsed: slow })), { now: () => NOW });
    expect(view.state).toMatchObject({ kind: "slow", label: "Slow" });
    expect(view.state.sentence).toMatch(/the licence counts did not come back within 8\.0 s/);
    expect(view.authorities).toHaveLength(2);
  });

  it("every answer, but late, reads as slow", async () => {
    // Fake timers and clock: the probe takes exactly 3.1 s however busy the machine is.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const late = <T,>(value: T) => () => new Promise<T>((resolve) => setTimeout(() => resolve(value), 3100));
    const loading = loadConnectionView(
      source(fakeClient({ licensesUsed: late({ ordered: 1, issued: 0 }) as ConnectionClient["licensesUsed"] })),
      { now: () => NOW },
    );
    await vi.advanceTimersByTimeAsync(3100);
    const view = await loading;
    expect(view.state.kind).toBe("slow");
    expect(view.state.sentence).toMatch(/answered, but slowly: it took 3\.1 s/);
  });

  it("credentials refused even after a fresh login: its own state, never reachable", async () => {
    const refused = () => Promise.reject(new NotAuthenticatedError());
    const view = await loadConnectionView(source(fakeClient({ userAuthorities: refused })), { now: () => NOW });
    expect(view.state).toMatchObject({ kind: "refused", label: "Credentials refused" });
    expect(view.state.sentence).toMatch(/refused the portal's credentials even after a fresh login \(HTTP 401\)/);
  });

  it("a server error is Sectigo answering with errors, not an outage", async () => {
    const failing = () =>
      Promise.reject(makeApiError({ httpStatus: 500, status: 500, apiMessage: "Internal error", errorCode: 0, timestamp: 0, fromBody: true }));
    const view = await loadConnectionView(source(fakeClient({ userAuthorities: failing })), { now: () => NOW });
    expect(view.state).toMatchObject({ kind: "failing", label: "Answering with errors" });
    expect(view.state.sentence).toMatch(/^Sectigo answered with a server error \(HTTP 500\).*\(Asked for the authority list at 127\.0\.0\.1:8831\.\)$/);
  });

  it("no connection at all: not started, and the page still renders", async () => {
    const view = await loadConnectionView(() => Promise.reject(new Error("EADDRINUSE")), { now: () => NOW });
    expect(view).toMatchObject({ mode: null, endpoint: null, authorities: null, state: { kind: "not-started" } });
    expect(view.state.sentence).toMatch(/has not started/);
  });

  it("never carries a token", async () => {
    const withTokens = { ...validState, accessToken: "eyJhbGciOi.secret.sig", refreshToken: "eyJ.refresh.sig" } as CredentialsState;
    const view = await loadConnectionView(source(fakeClient({ credentialsState: async () => withTokens })), { now: () => NOW });
    expect(JSON.stringify(view)).not.toMatch(/eyJ/);
  });
});
