/**
 * "Check with Sectigo": settles a certificate's last revocation when Sectigo's answer to it
 * was lost (outcome unknown). Asks Sectigo's find by serial and records what it shows
 * (settle.ts); when Sectigo cannot be asked, nothing changes and the page says why in the
 * words of a find.
 */
import "server-only";
import { listRevocations } from "@/db/queries/revocations";
import type { ActorContext } from "@/lib/domain/context";
import { sectigoAppError } from "@/lib/domain/errors";
import { printable } from "@/lib/pki/text-safety";
import { certificateToRevoke, checkSerial } from "./revoke";
import { applySettlement, askRevocationState, recordUnansweredCheck } from "./settle";

export interface CheckRevocationResult {
  serial: string;
  /** revoked: Sectigo revoked it; not-revoked: it did not; nothing-to-check: no unknown revocation */
  outcome: "revoked" | "not-revoked" | "nothing-to-check";
  message: string;
}

export async function checkRevocationWithSectigo(ctx: ActorContext, serialText: string): Promise<CheckRevocationResult> {
  const cert = certificateToRevoke(ctx.db, checkSerial(serialText));
  const name = `${printable(cert.commonName, 80)} (serial ${cert.serial})`;
  const last = listRevocations(ctx.db, { serial: cert.serial, limit: 1 })[0];
  if (cert.status === "revoked" || last?.outcome !== "unknown") {
    return {
      serial: cert.serial,
      outcome: "nothing-to-check",
      message: `No revocation of ${name} is waiting for Sectigo's answer any more; reload the page to see its state.`,
    };
  }
  let state;
  try {
    state = await askRevocationState(ctx.client, cert.serial);
  } catch (err) {
    recordUnansweredCheck(ctx, cert, last, err);
    throw sectigoAppError(err, { operation: "find", subject: `serial ${cert.serial}` });
  }
  const settlement = applySettlement(ctx, cert, last, state);
  if (state.kind === "revoked") {
    return { serial: cert.serial, outcome: "revoked", message: `Certificate ${name} is revoked. ${settlement.note}` };
  }
  return { serial: cert.serial, outcome: "not-revoked", message: settlement.note };
}
