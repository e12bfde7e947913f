/**
 * Per-user calendar feeds of upcoming certificate expiries (docs/security.md S22). The rules:
 * - A feed URL carries a random 256-bit token (base64url); only its SHA-256 is stored, so the
 *   database cannot give a working URL back, and the URL is shown once, when made.
 * - Making a feed needs `certificates.read` (the feed lists certificate names); it is audited
 *   (`calendar.create`), as is revoking one (`calendar.revoke`), never with the token.
 * - A request is answered only while the feed is not revoked, its owner is enabled and the
 *   owner's role still holds `certificates.read`; every other case looks the same as an
 *   unknown token (null here, 404 at the route), so the URL reveals nothing.
 * - The token is looked up by its hash: equality on a hash of a 256-bit secret leaks nothing
 *   useful through timing.
 * - The feed lists valid certificates whose not-after falls within the next 90 days of the
 *   expiry clock (lib/expiry/clock.ts), soonest first, at most 2,000, one all-day event each
 *   on the expiry's UTC date; the UID is stable per serial, so calendar apps update in place.
 * - last_used_at is written at most once a minute per feed, not on every poll.
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { writeTx, type Db } from "@/db/client";
import { feedByTokenHash, insertFeed, listFeedsOf, revokeFeedRow, touchFeed, validExpiringBetween, type ExpiringCertificateRow } from "@/db/queries/calendar-feeds";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import type { AuditActor } from "@/lib/audit/types";
import { can, type Role } from "@/lib/auth/rbac";
import { AppError } from "@/lib/errors";
import { writeCalendar } from "./ics";

export const FEED_DAYS = 90;
export const FEED_MAX_EVENTS = 2000;
const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface FeedOwner extends AuditActor {
  id: number;
  role: Role;
}

export interface FeedSummary {
  id: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedFeed extends FeedSummary {
  /** shown once; never stored */
  token: string;
  /** the feed's path on the portal: /api/calendar/<token>.ics */
  path: string;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function feedPath(token: string): string {
  return `/api/calendar/${token}.ics`;
}

/** The token of a feed path's last segment (`<token>.ics`), or null when it cannot be one. */
export function tokenOfSegment(segment: string): string | null {
  if (!segment.endsWith(".ics")) return null;
  const token = segment.slice(0, -".ics".length);
  return TOKEN.test(token) ? token : null;
}

function requireRead(owner: FeedOwner): void {
  if (!can(owner.role, "certificates.read")) {
    throw new AppError("FORBIDDEN", `role ${owner.role} may not read certificates`, "Your role cannot read certificates, so it cannot have a calendar of their expiries.");
  }
}

/** Makes a feed for the owner and audits it; the token is in the answer only. */
export function createFeed(db: Db, owner: FeedOwner, ip: string | null, clock: Clock = systemClock): CreatedFeed {
  requireRead(owner);
  const token = randomBytes(32).toString("base64url");
  return writeTx(db, (tx) => {
    const row = insertFeed(tx, { userId: owner.id, tokenHash: hashToken(token), createdAt: toIso(clock()) });
    appendAudit(tx, { actor: owner, action: "calendar.create", outcome: "succeeded", target: { type: "calendar-feed", id: row.id }, ip, details: {} }, { clock });
    return { id: row.id, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null, token, path: feedPath(token) };
  });
}

/** The owner's feeds, newest first (revoked ones too, so the list says when each stopped). */
export function listFeeds(db: Db, owner: Pick<FeedOwner, "id">): FeedSummary[] {
  return listFeedsOf(db, owner.id).map(({ id, createdAt, lastUsedAt, revokedAt }) => ({ id, createdAt, lastUsedAt, revokedAt }));
}

/** Revokes one of the owner's own feeds; the URL answers 404 from now on. */
export function revokeFeed(db: Db, owner: FeedOwner, feedId: number, ip: string | null, clock: Clock = systemClock): void {
  writeTx(db, (tx) => {
    if (!revokeFeedRow(tx, owner.id, feedId, toIso(clock()))) {
      throw new AppError("NOT_FOUND", `no open calendar feed ${feedId} for user ${owner.id}`, "That calendar feed is already revoked, or is not yours. The list is up to date.");
    }
    appendAudit(tx, { actor: owner, action: "calendar.revoke", outcome: "succeeded", target: { type: "calendar-feed", id: feedId }, ip, details: {} }, { clock });
  });
}

/** The feed a token opens, when it may be answered; null for every kind of refusal alike. */
export function openFeed(db: Db, token: string, clock: Clock = systemClock): { id: number } | null {
  if (!TOKEN.test(token)) return null;
  const row = feedByTokenHash(db, hashToken(token));
  if (!row || row.revokedAt !== null || row.disabled || !can(row.role, "certificates.read")) return null;
  const now = clock();
  if (row.lastUsedAt === null || Date.parse(row.lastUsedAt) < now.getTime() - TOUCH_INTERVAL_MS) {
    writeTx(db, (tx) => touchFeed(tx, row.id, toIso(now), toIso(now.getTime() - TOUCH_INTERVAL_MS)));
  }
  return { id: row.id };
}

/** Valid certificates expiring within FEED_DAYS of `now`, soonest first, capped. */
export function upcomingExpiries(db: Db, now: Date): ExpiringCertificateRow[] {
  return validExpiringBetween(db, toIso(now), toIso(now.getTime() + FEED_DAYS * DAY_MS), FEED_MAX_EVENTS);
}

const REPLACEMENT_WORDS: Record<ExpiringCertificateRow["replacement"], string> = {
  none: "No replacement yet.",
  "in-progress": "A replacement is being issued.",
  replaced: "Replaced by a new certificate; revoke this one once the new one is in use.",
};

export interface FeedTextOptions {
  /** the expiry clock's now */
  now: Date;
  /** the time written as DTSTAMP (the system clock: when the feed was made) */
  stamp?: Date;
  /** the portal's public address (AUTH_URL), for a link to each certificate */
  portalUrl?: string;
}

/** The feed's iCalendar text. */
export function feedCalendar(db: Db, options: FeedTextOptions): string {
  const base = options.portalUrl?.replace(/\/+$/, "");
  const events = upcomingExpiries(db, options.now).map((c) => {
    const link = base ? `${base}/certificates/${encodeURIComponent(c.serial)}` : undefined;
    const lines = [`Serial: ${c.serial}`, `Expires: ${c.notAfter.slice(0, 16).replace("T", " ")} UTC`, REPLACEMENT_WORDS[c.replacement], ...(link ? [link] : [])];
    return { uid: `${c.serial}@trisa-ca-portal`, day: c.notAfter, summary: `Certificate expires: ${c.commonName}`, description: lines.join("\n"), url: link };
  });
  return writeCalendar({ prodId: "-//TRISA//CA Portal//EN", name: "TRISA certificate expiries", stamp: options.stamp ?? new Date(), events });
}
