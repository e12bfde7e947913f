import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeTx, type Db } from "@/db/client";
import { listFactors, unusedRecoveryCodes } from "@/db/queries/factors";
import { updateUser } from "@/db/queries/users";
import { sessions, webauthnChallenges } from "@/db/schema";
import { tempDb, type TempDb } from "@/db/testing/temp-db";
import { factorOverview, type FactorOwner } from "@/lib/auth/factors";
import {
  addPasskey,
  attemptPasskeyLogin,
  CHALLENGE_TTL_MS,
  hasPasskey,
  passkeyAssertionOptions,
  passkeyRegistrationOptions,
  verifyPasskeyFactor,
  type AssertionPurpose,
} from "@/lib/auth/passkeys";
import type { RelyingParty } from "@/lib/auth/relying-party";
import { checkSession } from "@/lib/auth/sessions";
import { softAuthenticator, type CeremonyOverrides, type SoftAuthenticator } from "@/lib/auth/testing/soft-authenticator";
import { auditOf, insertUser, testClock, userRow, useRandomSecretBox, type TestClock } from "@/lib/auth/testing/support";
import { DEFAULT_THROTTLE, type ThrottlePolicy } from "@/lib/auth/throttle";
import { hasCode, isDomainError } from "@/lib/errors";

const RP: RelyingParty = { id: "localhost", origins: ["http://localhost:3000"] };
const IP = "10.0.0.1";

let t: TempDb;
let db: Db;
let clock: TestClock;
let ops: FactorOwner;
let bob: FactorOwner;

beforeAll(() => useRandomSecretBox());

beforeEach(() => {
  t = tempDb();
  db = t.db;
  clock = testClock();
  ops = { id: insertUser(db, { email: "ops@example.org", role: "operator" }), email: "ops@example.org", role: "operator" };
  bob = { id: insertUser(db, { email: "bob@example.org", role: "operator" }), email: "bob@example.org", role: "operator" };
});
afterEach(() => t.cleanup());

/** Registration options for the owner, answered by the key, and sent to addPasskey. */
async function register(key: SoftAuthenticator, owner = ops, name = "Work laptop", overrides: CeremonyOverrides = {}) {
  const options = await passkeyRegistrationOptions(db, owner, RP, clock);
  return addPasskey(db, owner, { name, response: JSON.stringify(key.register(options, overrides)) }, RP, IP, clock);
}

/** The error a refused call threw, as the code and what the person reads. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { code: err.code, userMessage: err.userMessage };
  }
  throw new Error("expected a refusal");
}

const passkeyRows = (owner = ops) => listFactors(db, owner.id).filter((f) => f.kind === "passkey");
const sessionRows = () => db.select().from(sessions).all();
const challengeRows = () => db.select().from(webauthnChallenges).all();

async function assertionFor(key: SoftAuthenticator, purpose: AssertionPurpose, userId: number | null, overrides: CeremonyOverrides = {}) {
  const options = await passkeyAssertionOptions(db, purpose, userId, RP, clock);
  return JSON.stringify(key.assert(options, overrides));
}

const login = (response: string, ip = IP, throttle?: ThrottlePolicy) =>
  attemptPasskeyLogin(db, { response, ip, userAgent: "vitest" }, RP, { clock, ...(throttle ? { throttle } : {}) });

describe("adding a passkey", () => {
  it("keeps a verified new passkey as a confirmed, named factor; the first factor brings recovery codes, a second does not", async () => {
    const laptop = softAuthenticator();
    const first = await register(laptop, ops, "  Work laptop  ");
    expect(first.recoveryCodes).toHaveLength(10);
    expect(hasPasskey(db, ops.id)).toBe(true);
    expect(factorOverview(db, ops)).toMatchObject({ factors: [{ id: first.factorId, kind: "passkey", name: "Work laptop" }], recoveryCodesLeft: 10 });
    const [row] = passkeyRows();
    expect(row).toMatchObject({ credentialId: laptop.credentialId, signCount: 0, confirmedAt: clock().toISOString(), transports: JSON.stringify(["internal", "hybrid"]) });
    expect(row?.publicKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const phone = softAuthenticator();
    const second = await register(phone, ops, "Phone");
    expect(second.recoveryCodes).toBeNull();
    expect(unusedRecoveryCodes(db, ops.id)).toBe(10);
    expect(passkeyRows().map((f) => f.name)).toEqual(["Work laptop", "Phone"]);

    const added = auditOf(db, "auth.factor.add");
    expect(added.map((e) => [e.outcome, e.actorEmail, e.ip, e.details])).toEqual([
      ["succeeded", "ops@example.org", IP, { kind: "passkey", name: "Work laptop", recoveryCodesIssued: true }],
      ["succeeded", "ops@example.org", IP, { kind: "passkey", name: "Phone", recoveryCodesIssued: false }],
    ]);
    // the public key says nothing to a reader of the audit
    expect(JSON.stringify(added)).not.toContain(row?.publicKey);
  });

  it("asks the browser for a verified, discoverable passkey of this portal, and excludes the ones the account has", async () => {
    const none = await passkeyRegistrationOptions(db, ops, RP, clock);
    expect(none).toMatchObject({ rp: { id: "localhost" }, user: { name: "ops@example.org" }, attestation: "none", authenticatorSelection: { residentKey: "required", userVerification: "required" } });
    expect(none.excludeCredentials ?? []).toEqual([]);
    // the user handle is opaque: no e-mail address in it
    expect(Buffer.from(none.user.id, "base64url").toString()).not.toContain("ops@");

    const laptop = softAuthenticator();
    await register(laptop);
    await register(softAuthenticator(), bob, "Bob's key");
    const next = await passkeyRegistrationOptions(db, ops, RP, clock);
    expect(next.excludeCredentials).toEqual([{ id: laptop.credentialId, type: "public-key", transports: ["internal", "hybrid"] }]);
  });

  it("refuses a passkey that is already set up, for this account or another", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    expect(await refusal(register(laptop))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("already set up") });
    expect(await refusal(register(laptop, bob))).toMatchObject({ code: "INVALID_INPUT" });
    expect(passkeyRows()).toHaveLength(1);
    expect(passkeyRows(bob)).toHaveLength(0);
  });
});

describe("a passkey registration is refused, and nothing is kept", () => {
  const nothingKept = (owner = ops) => {
    expect(passkeyRows(owner)).toEqual([]);
    expect(unusedRecoveryCodes(db, owner.id)).toBe(0);
    expect(auditOf(db, "auth.factor.add").filter((e) => e.actorId === owner.id)).toEqual([]);
  };
  const send = (owner: FactorOwner, response: unknown) => addPasskey(db, owner, { name: "Laptop", response: JSON.stringify(response) }, RP, IP, clock);

  it("when it answers a challenge the portal never handed out", async () => {
    await passkeyRegistrationOptions(db, ops, RP, clock);
    const made = randomBytes(32).toString("base64url");
    expect(await refusal(send(ops, softAuthenticator().register({ challenge: made })))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("Start again") });
    nothingKept();
  });

  it("when the challenge was already answered: each is used once", async () => {
    const options = await passkeyRegistrationOptions(db, ops, RP, clock);
    const answer = softAuthenticator().register(options);
    await send(ops, answer);
    expect(await refusal(send(ops, answer))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("Start again") });
    // …and a different passkey answering the same challenge is refused as well
    expect(await refusal(send(ops, softAuthenticator().register(options)))).toMatchObject({ userMessage: expect.stringContaining("Start again") });
    expect(passkeyRows()).toHaveLength(1);
  });

  it("when the challenge is older than 5 minutes", async () => {
    const stale = await passkeyRegistrationOptions(db, ops, RP, clock);
    clock.advance(CHALLENGE_TTL_MS);
    expect(await refusal(send(ops, softAuthenticator().register(stale)))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("took too long") });
    nothingKept();
    // just inside the 5 minutes still counts
    const fresh = await passkeyRegistrationOptions(db, ops, RP, clock);
    clock.advance(CHALLENGE_TTL_MS - 1000);
    expect((await send(ops, softAuthenticator().register(fresh))).recoveryCodes).toHaveLength(10);
  });

  it("when the browser signed another origin, or the passkey is for another site", async () => {
    for (const overrides of [{ origin: "https://evil.example" }, { origin: "https://localhost:3001" }, { rpId: "evil.example" }] satisfies CeremonyOverrides[]) {
      const options = await passkeyRegistrationOptions(db, ops, RP, clock);
      expect(await refusal(send(ops, softAuthenticator().register(options, overrides)))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("could not be checked") });
      // the challenge is gone whatever the outcome: a corrected answer needs a new one
      expect(await refusal(send(ops, softAuthenticator().register(options)))).toMatchObject({ userMessage: expect.stringContaining("Start again") });
    }
    nothingKept();
  });

  it("when the person was not verified by the device (no PIN or fingerprint)", async () => {
    const options = await passkeyRegistrationOptions(db, ops, RP, clock);
    expect(await refusal(send(ops, softAuthenticator().register(options, { userVerified: false })))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("could not be checked") });
    nothingKept();
  });

  it("when the challenge was handed out to another account", async () => {
    const bobs = await passkeyRegistrationOptions(db, bob, RP, clock);
    expect(await refusal(send(ops, softAuthenticator().register(bobs)))).toMatchObject({ code: "INVALID_INPUT", userMessage: expect.stringContaining("Start again") });
    nothingKept(ops);
    nothingKept(bob);
  });

  it("when the answer is not a credential at all", async () => {
    await passkeyRegistrationOptions(db, ops, RP, clock);
    for (const text of ["", "not json", "{}", JSON.stringify({ id: "x", rawId: "x", type: "public-key", response: { clientDataJSON: "e30" } })]) {
      expect(await refusal(addPasskey(db, ops, { name: "Laptop", response: text }, RP, IP, clock))).toMatchObject({ code: "INVALID_INPUT" });
    }
    nothingKept();
    expect(challengeRows()).toHaveLength(1);
  });
});

describe("signing in with a passkey alone", () => {
  it("opens a full session that counts as a fresh factor, and audits the sign-in with the passkey's name", async () => {
    const laptop = softAuthenticator({ counter: 3 });
    await register(laptop);
    clock.advance(60_000);
    const options = await passkeyAssertionOptions(db, "sign-in", null, RP, clock);
    // the browser offers whatever passkeys it holds for the portal
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    const result = await login(JSON.stringify(laptop.assert(options)));
    const now = clock().toISOString();
    expect(result).toMatchObject({ ok: true, epoch: 0, user: { id: ops.id, email: "ops@example.org", role: "operator", stage: "full", factorAt: now } });
    if (!result.ok) return;
    const check = checkSession(db, { sid: result.user.sessionId, epoch: 0 }, clock);
    expect(check).toMatchObject({ ok: true, user: { id: ops.id, stage: "full", factorAt: now } });
    expect(sessionRows()).toEqual([expect.objectContaining({ userId: ops.id, ip: IP, userAgent: "vitest", stage: "full", factorAt: now })]);
    expect(userRow(db, ops.id)?.lastLoginAt).toBe(now);
    expect(passkeyRows()[0]).toMatchObject({ signCount: 4, lastUsedAt: now });
    const [entry] = auditOf(db, "auth.login");
    expect(entry).toMatchObject({ outcome: "succeeded", actorId: ops.id, targetId: String(ops.id), ip: IP, details: { method: "passkey", name: "Work laptop" } });
  });

  it("refuses a passkey no account has, and audits it without an account", async () => {
    await register(softAuthenticator());
    const stranger = softAuthenticator();
    expect(await login(await assertionFor(stranger, "sign-in", null))).toEqual({ ok: false, reason: "passkey", failure: "unknown-passkey" });
    expect(sessionRows()).toEqual([]);
    expect(auditOf(db, "auth.login").map((e) => [e.outcome, e.actorId, e.targetId, e.details])).toEqual([["failed", null, null, { method: "passkey", reason: "unknown-passkey" }]]);
  });

  it("tells a disabled account that it is disabled, and opens no session", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    writeTx(db, (tx) => updateUser(tx, ops.id, { disabled: true }));
    expect(await login(await assertionFor(laptop, "sign-in", null))).toEqual({ ok: false, reason: "disabled" });
    expect(sessionRows()).toEqual([]);
    expect(auditOf(db, "auth.login")).toEqual([expect.objectContaining({ outcome: "failed", actorId: ops.id, details: { method: "passkey", reason: "disabled" } })]);
  });

  it("refuses a passkey whose counter does not move forward (it may have been copied), and audits that", async () => {
    const laptop = softAuthenticator({ counter: 5 });
    await register(laptop);
    expect(await login(await assertionFor(laptop, "sign-in", null))).toMatchObject({ ok: true });
    expect(passkeyRows()[0]?.signCount).toBe(6);
    for (const counter of [6, 2]) {
      expect(await login(await assertionFor(laptop, "sign-in", null, { counter }))).toEqual({ ok: false, reason: "passkey", failure: "counter" });
    }
    expect(passkeyRows()[0]?.signCount).toBe(6);
    expect(sessionRows()).toHaveLength(1);
    expect(auditOf(db, "auth.login").map((e) => [e.outcome, e.actorId, e.details.reason])).toEqual([
      ["succeeded", ops.id, undefined],
      ["failed", ops.id, "counter"],
      ["failed", ops.id, "counter"],
    ]);
    // the genuine authenticator, moving on, still works
    expect(await login(await assertionFor(laptop, "sign-in", null))).toMatchObject({ ok: true });
  });

  it("accepts an authenticator that keeps no counter (always 0)", async () => {
    const synced = softAuthenticator({ counter: 0 });
    await register(synced);
    for (let i = 0; i < 2; i++) expect(await login(await assertionFor(synced, "sign-in", null))).toMatchObject({ ok: true });
    expect(passkeyRows()[0]?.signCount).toBe(0);
  });

  it("refuses the same answer twice: its challenge is used up", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    const answer = await assertionFor(laptop, "sign-in", null);
    expect(await login(answer)).toMatchObject({ ok: true });
    expect(await login(answer)).toEqual({ ok: false, reason: "passkey", failure: "expired" });
    expect(sessionRows()).toHaveLength(1);
  });

  it("refuses an answer signed by another key than the passkey's", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    const impostor = softAuthenticator({ credentialId: Buffer.from(laptop.credentialId, "base64url") });
    expect(await login(await assertionFor(impostor, "sign-in", null))).toEqual({ ok: false, reason: "passkey", failure: "not-verified" });
    expect(sessionRows()).toEqual([]);
  });

  it("does not report an answer the passkey did not sign as a copy, whatever counter it claims", async () => {
    const laptop = softAuthenticator({ counter: 5 });
    await register(laptop);
    const impostor = softAuthenticator({ credentialId: Buffer.from(laptop.credentialId, "base64url"), counter: 1 });
    expect(await login(await assertionFor(impostor, "sign-in", null))).toEqual({ ok: false, reason: "passkey", failure: "not-verified" });
    expect(auditOf(db, "auth.login").map((e) => e.details.reason)).toEqual(["not-verified"]);
    expect(await login(await assertionFor(laptop, "sign-in", null))).toMatchObject({ ok: true });
  });

  it("accepts only one of two answers at once that claim the same counter (a copy used alongside the original)", async () => {
    const laptop = softAuthenticator({ counter: 5 });
    await register(laptop);
    const [a, b] = [await assertionFor(laptop, "sign-in", null, { counter: 6 }), await assertionFor(laptop, "sign-in", null, { counter: 6 })];
    const results = await Promise.all([login(a), login(b)]);
    expect(results.map((r) => (r.ok ? "ok" : r.reason === "passkey" ? r.failure : r.reason)).sort()).toEqual(["counter", "ok"]);
    expect(passkeyRows()[0]?.signCount).toBe(6);
    expect(sessionRows()).toHaveLength(1);
  });

  it("refuses an answer from another origin, or without user verification", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    for (const overrides of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }] satisfies CeremonyOverrides[]) {
      expect(await login(await assertionFor(laptop, "sign-in", null, overrides))).toEqual({ ok: false, reason: "passkey", failure: "not-verified" });
    }
    expect(sessionRows()).toEqual([]);
  });

  it("throttles an address after repeated failures, even for a good passkey, and audits the refusal", async () => {
    const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, pairThreshold: 3, baseDelayMs: 60_000 };
    const laptop = softAuthenticator();
    await register(laptop);
    const stranger = softAuthenticator();
    for (let i = 0; i < 3; i++) expect(await login(await assertionFor(stranger, "sign-in", null), "10.0.0.9", policy)).toMatchObject({ failure: "unknown-passkey" });
    expect(await login(await assertionFor(laptop, "sign-in", null), "10.0.0.9", policy)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 60 });
    expect(auditOf(db, "auth.login").at(-1)).toMatchObject({ outcome: "failed", ip: "10.0.0.9", details: { method: "passkey", reason: "throttled" } });
    // another address is not slowed down, and the first one may try again after the wait
    expect(await login(await assertionFor(laptop, "sign-in", null), "10.0.0.10", policy)).toMatchObject({ ok: true });
    clock.advance(60_000);
    expect(await login(await assertionFor(laptop, "sign-in", null), "10.0.0.9", policy)).toMatchObject({ ok: true });
  });
});

describe("a passkey as the account's factor (second step of sign-in, step-up)", () => {
  const verify = (owner: FactorOwner, response: string, purpose: "factor" | "step-up" = "step-up") => verifyPasskeyFactor(db, owner, response, RP, IP, { purpose, clock });

  it("accepts the owner's passkey, moves its counter on, and audits it", async () => {
    const laptop = softAuthenticator({ counter: 1 });
    await register(laptop);
    clock.advance(60_000);
    expect(await verify(ops, await assertionFor(laptop, "step-up", ops.id))).toEqual({ ok: true });
    expect(passkeyRows()[0]).toMatchObject({ signCount: 2, lastUsedAt: clock().toISOString() });
    clock.advance(60_000);
    expect(await verify(ops, await assertionFor(laptop, "factor", ops.id), "factor")).toEqual({ ok: true });
    expect(passkeyRows()[0]).toMatchObject({ signCount: 3, lastUsedAt: clock().toISOString() });
    expect(auditOf(db, "auth.factor.verify").map((e) => [e.outcome, e.actorId, e.details])).toEqual([
      ["succeeded", ops.id, { purpose: "step-up", method: "passkey", name: "Work laptop" }],
      ["succeeded", ops.id, { purpose: "sign-in", method: "passkey", name: "Work laptop" }],
    ]);
  });

  it("refuses a passkey of another account, without naming it", async () => {
    await register(softAuthenticator());
    const bobsKey = softAuthenticator({ counter: 1 });
    await register(bobsKey, bob, "Bob's secret laptop");
    const options = await passkeyAssertionOptions(db, "step-up", ops.id, RP, clock);
    // only the account's own passkeys are offered…
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([passkeyRows()[0]?.credentialId]);
    // …and another account's passkey answering anyway is refused
    expect(await verify(ops, JSON.stringify(bobsKey.assert(options)))).toEqual({ ok: false, reason: "unknown-passkey" });
    expect(passkeyRows(bob)[0]).toMatchObject({ signCount: 1 });
    const [entry] = auditOf(db, "auth.factor.verify");
    expect(entry).toMatchObject({ outcome: "failed", actorId: ops.id, details: { purpose: "step-up", method: "passkey", reason: "unknown-passkey" } });
    expect(JSON.stringify(entry)).not.toContain("Bob's secret laptop");
  });

  it("refuses an answer to a challenge of another purpose or account", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    await register(softAuthenticator(), bob);
    clock.advance(60_000);
    // a sign-in challenge (no account) answered for step-up
    expect(await verify(ops, await assertionFor(laptop, "sign-in", null))).toEqual({ ok: false, reason: "expired" });
    // the account's own challenge, but for the second step of sign-in
    expect(await verify(ops, await assertionFor(laptop, "factor", ops.id))).toEqual({ ok: false, reason: "expired" });
    // a step-up challenge handed to another account
    expect(await verify(ops, await assertionFor(laptop, "step-up", bob.id))).toEqual({ ok: false, reason: "expired" });
    // and a step-up answer is no sign-in either
    expect(await login(await assertionFor(laptop, "step-up", ops.id))).toEqual({ ok: false, reason: "passkey", failure: "expired" });
    expect(passkeyRows()[0]?.lastUsedAt).toBe(passkeyRows()[0]?.createdAt);
  });

  it("refuses a step-up challenge older than 5 minutes", async () => {
    const laptop = softAuthenticator();
    await register(laptop);
    const answer = await assertionFor(laptop, "step-up", ops.id);
    clock.advance(CHALLENGE_TTL_MS);
    expect(await verify(ops, answer)).toEqual({ ok: false, reason: "expired" });
  });

  it("is throttled together with codes, per account", async () => {
    const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, pairThreshold: 2, baseDelayMs: 30_000 };
    const laptop = softAuthenticator();
    await register(laptop);
    const stranger = softAuthenticator();
    const check = async (key: SoftAuthenticator) => verifyPasskeyFactor(db, ops, await assertionFor(key, "step-up", ops.id), RP, IP, { purpose: "step-up", clock, throttle: policy });
    for (let i = 0; i < 2; i++) expect(await check(stranger)).toMatchObject({ ok: false, reason: "unknown-passkey" });
    expect(await check(laptop)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 30 });
    clock.advance(30_000);
    expect(await check(laptop)).toEqual({ ok: true });
  });
});

describe("passkey options for an account", () => {
  it("are refused with a clear message when the account has no passkey", async () => {
    let thrown: unknown;
    try {
      await passkeyAssertionOptions(db, "factor", ops.id, RP, clock);
    } catch (err) {
      thrown = err;
    }
    expect(hasCode(thrown, "INVALID_INPUT")).toBe(true);
    expect((thrown as { userMessage: string }).userMessage).toBe("Your account has no passkey. Use a code from your app or a recovery code.");
    expect(challengeRows()).toEqual([]);
  });
});
