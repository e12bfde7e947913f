/**
 * Login throttling (docs/security.md S7): failed sign-ins slow down guessing per account and per
 * address, without letting anyone lock another person out for good.
 *
 * The policy (DEFAULT_THROTTLE; every limit counts FAILED attempts only):
 * 1. Account from one address: after 5 failures for an e-mail from one address within
 *    15 min (counting only failures after that pair's last success), each further attempt
 *    from that address waits 5 s × 2^(failures − 5) after the last failure, at most 15 min.
 *    This is the limit a mistyping person meets, and it follows only the address that failed:
 *    someone else's failures from elsewhere never slow you down here.
 * 2. Address: after 20 failures from one address within 15 min (any e-mails: password
 *    spraying) the address waits 5 s × 2^(failures − 20) after its last failure, at most 15 min.
 * 3. Account, hourly cap: at most 100 failures per e-mail per rolling hour, from all
 *    addresses together. At the cap, every attempt for that e-mail waits until the oldest
 *    failure of the hour ages out. This is the only limit that other people's failures can
 *    put on your account, and it is bounded: a lock never lasts past one hour after it began.
 * 4. Address, hourly cap: at most 500 failures per address per rolling hour.
 * 5. A refused (throttled) attempt checks no password and is NOT counted as a failure, so
 *    hammering a locked account does not extend its lock: every lock expires.
 * Every attempt, allowed or refused, is audited by the caller (lib/auth/login.ts).
 *
 * Keys in `login_attempts`: `account:<e-mail>`, `ip:<address>` and `pair:<e-mail> <address>`
 * (the pair key serves rule 1). Rows older than a day are pruned at most once an hour.
 *
 * The address is what lib/auth/request-info.ts reads (the last X-Forwarded-For hop). A client
 * that reaches `next start` directly can choose it, which defeats rules 2 and 4 only; rule 3
 * does not depend on the address.
 */
import "server-only";
import type { Db, Tx } from "@/db/client";
import { countFailuresSince, deleteAttemptsBefore, failureAtOffset, failuresSince, insertAttempts, lastSuccessAt } from "@/db/queries/login-attempts";
import { toIso } from "@/db/time";

export interface ThrottlePolicy {
  windowMs: number;
  pairThreshold: number;
  addressThreshold: number;
  baseDelayMs: number;
  maxDelayMs: number;
  capWindowMs: number;
  accountHourlyCap: number;
  addressHourlyCap: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = Object.freeze({
  windowMs: 15 * 60 * 1000,
  pairThreshold: 5,
  addressThreshold: 20,
  baseDelayMs: 5000,
  maxDelayMs: 15 * 60 * 1000,
  capWindowMs: 60 * 60 * 1000,
  accountHourlyCap: 100,
  addressHourlyCap: 500,
});

export type ThrottleScope = "account" | "address";

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: ThrottleScope; retryAt: Date; retryAfterSeconds: number };

/** Failures as counted for one limit: how many, and the newest (for delays). */
export interface FailureRun {
  count: number;
  lastAt: Date | null;
}

/** What the database knows about recent failures for one attempt. */
export interface ThrottleFacts {
  pair: FailureRun;
  address: FailureRun;
  /** failures for the e-mail in the cap window, and when the cap lifts if reached */
  accountHour: { count: number; capLiftsAt: Date | null };
  addressHour: { count: number; capLiftsAt: Date | null };
}

export function keysFor(email: string, address: string) {
  return {
    account: `account:${email}`,
    address: `ip:${address}`,
    pair: `pair:${email} ${address}`,
  };
}

function growingDelay(run: FailureRun, threshold: number, policy: ThrottlePolicy): Date | null {
  if (run.count < threshold || run.lastAt === null) return null;
  const exponent = Math.min(run.count - threshold, 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return new Date(run.lastAt.getTime() + delay);
}

/** The decision for the facts at `now` (pure: the unit tests drive it with made-up facts). */
export function decide(facts: ThrottleFacts, now: Date, policy: ThrottlePolicy = DEFAULT_THROTTLE): ThrottleDecision {
  const waits: { scope: ThrottleScope; until: Date }[] = [];
  const pairUntil = growingDelay(facts.pair, policy.pairThreshold, policy);
  if (pairUntil) waits.push({ scope: "account", until: pairUntil });
  const addressUntil = growingDelay(facts.address, policy.addressThreshold, policy);
  if (addressUntil) waits.push({ scope: "address", until: addressUntil });
  if (facts.accountHour.count >= policy.accountHourlyCap && facts.accountHour.capLiftsAt) {
    waits.push({ scope: "account", until: facts.accountHour.capLiftsAt });
  }
  if (facts.addressHour.count >= policy.addressHourlyCap && facts.addressHour.capLiftsAt) {
    waits.push({ scope: "address", until: facts.addressHour.capLiftsAt });
  }
  const blocking = waits.filter((w) => w.until.getTime() > now.getTime());
  if (blocking.length === 0) return { allowed: true };
  const longest = blocking.reduce((a, b) => (b.until.getTime() > a.until.getTime() ? b : a));
  return {
    allowed: false,
    scope: longest.scope,
    retryAt: longest.until,
    retryAfterSeconds: Math.max(1, Math.ceil((longest.until.getTime() - now.getTime()) / 1000)),
  };
}

function failureRun(db: Db | Tx, key: string, sinceIso: string): FailureRun {
  const run = failuresSince(db, key, sinceIso);
  return { count: run.count, lastAt: run.lastAt ? new Date(run.lastAt) : null };
}

/** Failures in the cap window and, when at or over the cap, the moment it lifts. */
function hourly(db: Db | Tx, key: string, sinceIso: string, cap: number, capWindowMs: number) {
  const n = countFailuresSince(db, key, sinceIso);
  if (n < cap) return { count: n, capLiftsAt: null };
  // The cap lifts when enough of the oldest failures leave the window to bring the count below it.
  const pivot = failureAtOffset(db, key, sinceIso, n - cap);
  return { count: n, capLiftsAt: pivot ? new Date(Date.parse(pivot) + capWindowMs) : null };
}

/** Reads the facts for an attempt by `email` (lower case) from `address` at `now`. */
export function gatherFacts(
  db: Db | Tx,
  email: string,
  address: string,
  now: Date,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): ThrottleFacts {
  const keys = keysFor(email, address);
  const windowStart = toIso(now.getTime() - policy.windowMs);
  const capStart = toIso(now.getTime() - policy.capWindowMs);
  const pairSuccess = lastSuccessAt(db, keys.pair);
  const pairSince = pairSuccess !== null && pairSuccess > windowStart ? pairSuccess : windowStart;
  return {
    pair: failureRun(db, keys.pair, pairSince),
    address: failureRun(db, keys.address, windowStart),
    accountHour: hourly(db, keys.account, capStart, policy.accountHourlyCap, policy.capWindowMs),
    addressHour: hourly(db, keys.address, capStart, policy.addressHourlyCap, policy.capWindowMs),
  };
}

export function checkThrottle(
  db: Db | Tx,
  email: string,
  address: string,
  now: Date,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): ThrottleDecision {
  return decide(gatherFacts(db, email, address, now, policy), now, policy);
}

const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const pruneState = globalThis as unknown as { __loginAttemptsPrunedAt?: number };

/** Records one password check (inside the caller's transaction). */
export function recordAttempt(tx: Tx, email: string, address: string, success: boolean, now: Date): void {
  const keys = keysFor(email, address);
  const at = toIso(now);
  insertAttempts(tx, [
    { key: keys.account, at, success },
    { key: keys.address, at, success },
    { key: keys.pair, at, success },
  ]);
  const last = pruneState.__loginAttemptsPrunedAt ?? 0;
  if (now.getTime() - last >= PRUNE_EVERY_MS) {
    pruneState.__loginAttemptsPrunedAt = now.getTime();
    deleteAttemptsBefore(tx, toIso(now.getTime() - PRUNE_AFTER_MS));
  }
}

/** "about 3 minutes" / "12 seconds", for messages. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
