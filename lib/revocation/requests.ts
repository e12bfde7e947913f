/**
 * Four-eyes revocation (docs/security.md S20): under the policy (four-eyes-policy.ts) a
 * revocation becomes a request, and only a second person's approval sends it to Sectigo.
 *
 * Rules:
 * - A request holds the serials, the reason, a comment, who asked, and the impact preview as
 *   the requester saw it. It is made with the same typed confirmation as a direct revoke.
 *   A serial already named by a live request cannot be requested again.
 * - Who may decide (approve, reject, acknowledge an emergency): someone with the revoke
 *   permission (the action checks it) who is not the requester and whose account the requester
 *   did not create or re-enable in the last 24 hours. Anything else is refused as FORBIDDEN
 *   and audited, whatever the browser showed.
 * - A request changes state once, by a compare-and-set: of two approvals at once one wins and
 *   one revocation runs. An approval also needs the request alive: after `expires_at` it is
 *   refused, and the request is marked expired.
 * - The approval runs each revocation through the single-revoke path (its own intent and
 *   outcome, linked to the request by `requestId`); a certificate revoked meanwhile is settled
 *   as already revoked without another Sectigo call.
 * - Its requester may withdraw a pending request.
 * - Emergency (key compromise, when the policy allows): revoked at once by the requester, and
 *   recorded as a request in state `emergency`, flagged until a second person acknowledges it.
 * Every step is an audit entry naming the request.
 */
import "server-only";
import { writeTx, type Db } from "@/db/client";
import {
  accountMadeOrEnabledBy,
  countWaitingRequests,
  dueRevocationRequests,
  getRevocationRequest,
  getRevocationRequestRow,
  insertRevocationRequest,
  listRevocationRequests,
  moveRevocationRequest,
  pendingRequestForSerial,
  recentRevocationRequests,
  setRevocationRequestResult,
  type RevocationRequestRow,
} from "@/db/queries/revocation-requests";
import type { RevocationRequest, RevocationRequestState } from "@/db/types";
import { systemClock, toIso, type Clock } from "@/db/time";
import { appendAudit } from "@/lib/audit/append";
import { SYSTEM_ACTOR, type AuditActor } from "@/lib/audit/types";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, notFound } from "@/lib/domain/errors";
import { AppError } from "@/lib/errors";
import { printable } from "@/lib/pki/text-safety";
import { revokeEach, type BulkRevokeProgress, type BulkRevokeResult } from "./bulk";
import { fourEyesPolicy } from "./four-eyes-policy";
import { previewRevocation, type RevocationPreview } from "./preview";
import { certificateToRevoke, checkReasonCode, checkSerial } from "./revoke";

const DAY_MS = 24 * 60 * 60 * 1000;
export const COMMENT_MAX = 500;

export interface RequestContext {
  db: Db;
  actor: AuditActor;
  ip?: string | null;
}

export interface NewRequestInput {
  kind: "single" | "bulk";
  serials: string[];
  reasonCode: number;
  comment: string;
  /** single: the common name typed; bulk: the number of certificates typed */
  confirmation: string;
}

export interface RevocationRequestView extends Omit<RevocationRequestRow, "serials" | "impact" | "result"> {
  serials: string[];
  impact: RevocationPreview;
  result: BulkRevokeResult["summary"] | null;
  /** a pending request whose time has passed (shown as expired until marked) */
  expired: boolean;
}

function viewOf(row: RevocationRequestRow, now: Date): RevocationRequestView {
  return {
    ...row,
    serials: JSON.parse(row.serials) as string[],
    impact: JSON.parse(row.impact) as RevocationPreview,
    result: row.result ? (JSON.parse(row.result) as BulkRevokeResult["summary"]) : null,
    expired: row.state === "pending" && row.expiresAt <= toIso(now),
  };
}

function audit(ctx: RequestContext, action: string, outcome: "succeeded" | "failed", request: Pick<RevocationRequest, "id">, details: Record<string, unknown>, clock: Clock): void {
  writeTx(ctx.db, (tx) =>
    appendAudit(tx, { actor: ctx.actor, action, outcome, target: { type: "revocation_request", id: String(request.id) }, ip: ctx.ip ?? null, details: { requestId: request.id, ...details } }, { clock }),
  );
}

function checkConfirmation(input: NewRequestInput, preview: RevocationPreview): void {
  const typed = (input.confirmation ?? "").trim();
  if (input.kind === "single") {
    const cn = preview.items[0]?.commonName ?? "";
    if (typed.toLowerCase() !== cn.trim().toLowerCase()) {
      throw new InvalidInputError(
        { confirmation: [`Type the certificate's common name, ${printable(cn, 80)}, to confirm.`] },
        `The confirmation does not match: type the certificate's common name, ${printable(cn, 80)}.`,
        "CONFIRMATION_MISMATCH",
      );
    }
  } else if (typed !== String(input.serials.length)) {
    throw new InvalidInputError(
      { confirmation: [`Type the number of selected certificates (${input.serials.length}) to confirm.`] },
      `The confirmation does not match: type ${input.serials.length}, the number of selected certificates.`,
      "CONFIRMATION_MISMATCH",
    );
  }
}

/** Makes a revocation request (nothing is sent to Sectigo). */
export function requestRevocation(ctx: RequestContext, input: NewRequestInput, clock: Clock = systemClock): RevocationRequest {
  const reasonCode = checkReasonCode(input.reasonCode);
  const serials = [...new Set(input.serials.map((s) => checkSerial(s)))];
  if (serials.length === 0) throw new InvalidInputError({ serials: ["Select at least one certificate."] });
  for (const serial of serials) certificateToRevoke(ctx.db, serial);
  const comment = (input.comment ?? "").trim().slice(0, COMMENT_MAX);
  const now = clock();
  const preview = previewRevocation(ctx.db, serials, now);
  checkConfirmation({ ...input, serials }, preview);
  const open = preview.items.filter((i) => !i.alreadyRevoked);
  if (open.length === 0) {
    throw new AppError("INVALID_INPUT", "every certificate of the request is revoked already", serials.length === 1 ? "This certificate is already revoked." : "Every selected certificate is already revoked.");
  }
  const hours = fourEyesPolicy(ctx.db).requestHours;
  return writeTx(ctx.db, (tx) => {
    for (const item of open) {
      const waiting = pendingRequestForSerial(tx, item.serial, toIso(now));
      if (waiting) {
        throw new AppError("INVALID_INPUT", `serial ${item.serial} is in request ${waiting.id}`, `A request to revoke ${printable(item.commonName, 80)} is already waiting for approval (request #${waiting.id}).`);
      }
    }
    const request = insertRevocationRequest(tx, {
      serials: JSON.stringify(open.map((i) => i.serial)),
      reasonCode,
      comment,
      impact: JSON.stringify({ items: open, unknown: preview.unknown }),
      requestedBy: ctx.actor.id ?? 0,
      requestedAt: toIso(now),
      expiresAt: toIso(now.getTime() + hours * 60 * 60 * 1000),
    });
    appendAudit(
      tx,
      {
        actor: ctx.actor,
        action: "revocation.request",
        outcome: "succeeded",
        target: { type: "revocation_request", id: String(request.id) },
        ip: ctx.ip ?? null,
        details: { requestId: request.id, count: open.length, serials: open.slice(0, 20).map((i) => i.serial), reasonCode, comment, expiresAt: request.expiresAt },
      },
      { clock },
    );
    return request;
  });
}

type Decision = "approve" | "reject" | "acknowledge";

/** Refuses (audited, FORBIDDEN) a decision by the requester or by an account the requester made or re-enabled lately. */
function checkDecider(ctx: RequestContext, request: RevocationRequest, decision: Decision, now: Date, clock: Clock): void {
  const deciderId = ctx.actor.id;
  let reason: string | null = null;
  let message = "";
  if (deciderId === null || deciderId === request.requestedBy) {
    reason = "own-request";
    message = "You made this request: a second person must decide it.";
  } else if (accountMadeOrEnabledBy(ctx.db, request.requestedBy, deciderId, toIso(now.getTime() - DAY_MS))) {
    reason = "account-made-by-requester";
    message = "The requester created or re-enabled your account in the last 24 hours, so you cannot decide their request. Ask another operator or administrator.";
  }
  if (reason) {
    audit(ctx, `revocation.${decision}`, "failed", request, { reason }, clock);
    throw new AppError("FORBIDDEN", `revocation request ${request.id}: ${reason}`, message);
  }
}

function mustGet(db: Db, id: number): RevocationRequest {
  const request = getRevocationRequest(db, id);
  if (!request) throw notFound(`revocation request ${id}`, `There is no revocation request #${id}.`);
  return request;
}

/** Marks pending requests whose time has passed as expired (audited as the system). */
export function expireDueRequests(db: Db, clock: Clock = systemClock): number {
  const now = clock();
  const due = dueRevocationRequests(db, toIso(now));
  let expired = 0;
  for (const request of due) {
    writeTx(db, (tx) => {
      if (!moveRevocationRequest(tx, request.id, ["pending"], { state: "expired", decidedBy: null, decidedAt: toIso(now) })) return;
      expired++;
      appendAudit(tx, { actor: SYSTEM_ACTOR, action: "revocation.expire", outcome: "succeeded", target: { type: "revocation_request", id: String(request.id) }, ip: null, details: { requestId: request.id } }, { clock });
    });
  }
  return expired;
}

function refuseNotPending(ctx: RequestContext, request: RevocationRequest, decision: Decision | "withdraw", now: Date, clock: Clock): never {
  const current = mustGet(ctx.db, request.id);
  const expired = current.state === "expired" || (current.state === "pending" && current.expiresAt <= toIso(now));
  audit(ctx, `revocation.${decision}`, "failed", request, { reason: expired ? "expired" : `state-${current.state}` }, clock);
  if (expired) {
    expireDueRequests(ctx.db, clock);
    throw new AppError("FORBIDDEN", `revocation request ${request.id} expired`, `Request #${request.id} expired on ${current.expiresAt.slice(0, 16).replace("T", " ")} UTC; nothing was revoked. The requester can ask again.`);
  }
  throw new AppError("FORBIDDEN", `revocation request ${request.id} is ${current.state}`, `Request #${request.id} was already ${current.state}; nothing more was done.`);
}

function checkDecisionConfirmation(request: RevocationRequest, confirmation: string): void {
  const serials = JSON.parse(request.serials) as string[];
  const impact = JSON.parse(request.impact) as RevocationPreview;
  checkConfirmation({ kind: serials.length === 1 ? "single" : "bulk", serials, reasonCode: request.reasonCode, comment: "", confirmation }, impact);
}

export interface ApprovalResult {
  request: RevocationRequest;
  results: BulkRevokeResult;
}

/** A second person approves: the request is settled first, then each revocation runs. */
export async function approveRequest(ctx: ActorContext, id: number, confirmation: string, clock: Clock = systemClock): Promise<ApprovalResult> {
  const request = mustGet(ctx.db, id);
  const now = clock();
  checkDecider(ctx, request, "approve", now, clock);
  checkDecisionConfirmation(request, confirmation);
  const won = writeTx(ctx.db, (tx) => {
    if (!moveRevocationRequest(tx, id, ["pending"], { state: "approved", decidedBy: ctx.actor.id, decidedAt: toIso(now) }, toIso(now))) return false;
    appendAudit(tx, { actor: ctx.actor, action: "revocation.approve", outcome: "succeeded", target: { type: "revocation_request", id: String(id) }, ip: ctx.ip ?? null, details: { requestId: id } }, { clock });
    return true;
  });
  if (!won) refuseNotPending(ctx, request, "approve", now, clock);
  const serials = JSON.parse(request.serials) as string[];
  const results = await revokeEach(ctx, serials, request.reasonCode, undefined, { requestId: id });
  writeTx(ctx.db, (tx) => setRevocationRequestResult(tx, id, JSON.stringify(results.summary)));
  return { request: mustGet(ctx.db, id), results };
}

/** A second person rejects, with a note: nothing is revoked. */
export function rejectRequest(ctx: RequestContext, id: number, note: string, clock: Clock = systemClock): RevocationRequest {
  const request = mustGet(ctx.db, id);
  const now = clock();
  checkDecider(ctx, request, "reject", now, clock);
  const text = note.trim().slice(0, COMMENT_MAX);
  const won = writeTx(ctx.db, (tx) => {
    if (!moveRevocationRequest(tx, id, ["pending"], { state: "rejected", decidedBy: ctx.actor.id, decidedAt: toIso(now), decisionNote: text }, toIso(now))) return false;
    appendAudit(tx, { actor: ctx.actor, action: "revocation.reject", outcome: "succeeded", target: { type: "revocation_request", id: String(id) }, ip: ctx.ip ?? null, details: { requestId: id, note: text } }, { clock });
    return true;
  });
  if (!won) refuseNotPending(ctx, request, "reject", now, clock);
  return mustGet(ctx.db, id);
}

/** The requester takes their pending request back. */
export function withdrawRequest(ctx: RequestContext, id: number, clock: Clock = systemClock): RevocationRequest {
  const request = mustGet(ctx.db, id);
  const now = clock();
  if (ctx.actor.id !== request.requestedBy) {
    audit(ctx, "revocation.withdraw", "failed", request, { reason: "not-requester" }, clock);
    throw new AppError("FORBIDDEN", `revocation request ${id}: withdraw by another account`, "Only the person who made a request can withdraw it; you can reject it instead.");
  }
  const won = writeTx(ctx.db, (tx) => {
    if (!moveRevocationRequest(tx, id, ["pending"], { state: "withdrawn", decidedBy: ctx.actor.id, decidedAt: toIso(now) })) return false;
    appendAudit(tx, { actor: ctx.actor, action: "revocation.withdraw", outcome: "succeeded", target: { type: "revocation_request", id: String(id) }, ip: ctx.ip ?? null, details: { requestId: id } }, { clock });
    return true;
  });
  if (!won) refuseNotPending(ctx, request, "withdraw", now, clock);
  return mustGet(ctx.db, id);
}

/**
 * Key compromise under an emergency-enabled policy: revoked at once by the requester, and kept
 * as a request in state `emergency` until a second person acknowledges it.
 */
export async function emergencyRevocation(
  ctx: ActorContext,
  input: NewRequestInput,
  clock: Clock = systemClock,
  onProgress?: (progress: BulkRevokeProgress) => void,
): Promise<ApprovalResult> {
  if (input.reasonCode !== 1) throw new AppError("INVALID_INPUT", "emergency path for another reason", "Only key compromise can be revoked at once; other reasons wait for a second person.");
  const request = requestRevocation(ctx, input, clock);
  const now = clock();
  writeTx(ctx.db, (tx) => {
    moveRevocationRequest(tx, request.id, ["pending"], { state: "emergency", decidedBy: null, decidedAt: toIso(now) });
    appendAudit(
      tx,
      { actor: ctx.actor, action: "revocation.emergency", outcome: "succeeded", target: { type: "revocation_request", id: String(request.id) }, ip: ctx.ip ?? null, details: { requestId: request.id, emergency: true } },
      { clock },
    );
  });
  const results = await revokeEach(ctx, JSON.parse(request.serials) as string[], 1, onProgress, { requestId: request.id, emergency: true });
  writeTx(ctx.db, (tx) => setRevocationRequestResult(tx, request.id, JSON.stringify(results.summary)));
  return { request: mustGet(ctx.db, request.id), results };
}

/** A second person has looked at an emergency revocation: the flag goes. */
export function acknowledgeEmergency(ctx: RequestContext, id: number, note: string, clock: Clock = systemClock): RevocationRequest {
  const request = mustGet(ctx.db, id);
  const now = clock();
  checkDecider(ctx, request, "acknowledge", now, clock);
  const text = note.trim().slice(0, COMMENT_MAX);
  const won = writeTx(ctx.db, (tx) => {
    if (!moveRevocationRequest(tx, id, ["emergency"], { state: "acknowledged", decidedBy: ctx.actor.id, decidedAt: toIso(now), decisionNote: text })) return false;
    appendAudit(tx, { actor: ctx.actor, action: "revocation.acknowledge", outcome: "succeeded", target: { type: "revocation_request", id: String(id) }, ip: ctx.ip ?? null, details: { requestId: id, note: text } }, { clock });
    return true;
  });
  if (!won) refuseNotPending(ctx, request, "acknowledge", now, clock);
  return mustGet(ctx.db, id);
}

export interface ApprovalsOverview {
  pending: RevocationRequestView[];
  emergencies: RevocationRequestView[];
  recent: RevocationRequestView[];
}

/** The Approvals page: live requests (expired ones marked first), emergencies, and the latest decided. */
export function approvalsOverview(db: Db, clock: Clock = systemClock): ApprovalsOverview {
  expireDueRequests(db, clock);
  const now = clock();
  const views = (rows: RevocationRequestRow[]) => rows.map((r) => viewOf(r, now));
  return {
    pending: views(listRevocationRequests(db, ["pending"])),
    emergencies: views(listRevocationRequests(db, ["emergency"])),
    recent: views(recentRevocationRequests(db)),
  };
}

/** One request as the Approvals page shows it, whatever its state. */
export function requestView(db: Db, id: number, clock: Clock = systemClock): RevocationRequestView | undefined {
  const row = getRevocationRequestRow(db, id);
  return row ? viewOf(row, clock()) : undefined;
}

/** What waits for a second person: the nav and the dashboard show it. */
export function waitingCounts(db: Db, clock: Clock = systemClock): { pending: number; emergencies: number } {
  return countWaitingRequests(db, toIso(clock()));
}

/** The live request naming a certificate, for its page (instead of a second revoke button). */
export function pendingRequestFor(db: Db, serial: string, clock: Clock = systemClock): RevocationRequest | undefined {
  return pendingRequestForSerial(db, serial, toIso(clock()));
}

export type { RevocationRequestState };
