/**
 * Bulk revoke from a search result: the same safeguards as a single revoke, confirmed by
 * typing the number of certificates.
 *
 * Rules: certificates are revoked one after another, each through the single-revoke path
 * (its own audit intent and outcome), so a failure in the middle leaves every certificate
 * in a known, audited state; an item's error becomes that item's `failed` result and the
 * run goes on; a progress callback that throws does not stop the run.
 */
import "server-only";
import { isUserFacingError } from "@/lib/errors";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError } from "@/lib/domain/errors";
import { certificateToRevoke, checkReasonCode, checkSerial, revokeChecked, type RevocationLink, type RevokeResult } from "./revoke";

export const MAX_BULK_REVOKE = 500;

export interface BulkRevokeInput {
  serials: string[];
  reasonCode: number;
  /** the number of certificates, typed by the person */
  confirmation: string;
}

export interface BulkRevokeProgress {
  done: number;
  total: number;
  result: RevokeResult;
}

export interface BulkRevokeSummary {
  revoked: number;
  alreadyRevoked: number;
  failed: number;
  unknown: number;
}

export interface BulkRevokeResult {
  results: RevokeResult[];
  summary: BulkRevokeSummary;
}

function messageOf(err: unknown): string {
  return isUserFacingError(err) ? err.userMessage : "The portal failed on this certificate; nothing was sent to Sectigo for it.";
}

export async function bulkRevoke(
  ctx: ActorContext,
  input: BulkRevokeInput,
  onProgress?: (progress: BulkRevokeProgress) => void,
): Promise<BulkRevokeResult> {
  const reasonCode = checkReasonCode(input.reasonCode);
  const serials = [...new Set(input.serials.map((s) => s.trim()).filter((s) => s !== ""))];
  if (serials.length === 0) throw new InvalidInputError({ serials: ["Select at least one certificate."] });
  if (serials.length > MAX_BULK_REVOKE) {
    throw new InvalidInputError({ serials: [`Select at most ${MAX_BULK_REVOKE} certificates at once.`] });
  }
  if ((input.confirmation ?? "").trim() !== String(serials.length)) {
    throw new InvalidInputError(
      { confirmation: [`Type the number of selected certificates (${serials.length}) to confirm.`] },
      `The confirmation does not match: type ${serials.length}, the number of selected certificates.`,
      "CONFIRMATION_MISMATCH",
    );
  }

  return revokeEach(ctx, serials, reasonCode, onProgress);
}

/**
 * Revokes the given serials one after another, each through the single-revoke path; an item's
 * error becomes its `failed` result and the run goes on. Used by bulk revoke and by an approved
 * revocation request (whose id `link` adds to each revocation's audit intent).
 */
export async function revokeEach(
  ctx: ActorContext,
  serials: readonly string[],
  reasonCode: number,
  onProgress?: (progress: BulkRevokeProgress) => void,
  link?: RevocationLink,
): Promise<BulkRevokeResult> {
  const results: RevokeResult[] = [];
  const summary: BulkRevokeSummary = { revoked: 0, alreadyRevoked: 0, failed: 0, unknown: 0 };
  for (const given of serials) {
    let result: RevokeResult;
    try {
      const cert = certificateToRevoke(ctx.db, checkSerial(given));
      result = await revokeChecked(ctx, cert, reasonCode, link);
    } catch (err) {
      if (!isUserFacingError(err)) {
        console.error(`bulk revoke: ${given.slice(0, 80)} failed (${err instanceof Error ? err.name : "error"})`);
      }
      result = { serial: given, outcome: "failed", message: messageOf(err) };
    }
    results.push(result);
    if (result.outcome === "revoked") summary.revoked++;
    else if (result.outcome === "already-revoked") summary.alreadyRevoked++;
    else if (result.outcome === "unknown") summary.unknown++;
    else summary.failed++;
    try {
      onProgress?.({ done: results.length, total: serials.length, result });
    } catch {
      // a broken progress display must not leave the rest unrevoked
    }
  }
  return { results, summary };
}
