/**
 * "Verify chain" on the audit page: runs lib/audit's verifyAuditChain and records that it was
 * run (`audit.verify`, outcome info) with its result — an auditor's check is itself evidence.
 *
 * Rule: the result is shown even if recording it fails (a broken log is exactly when an
 * auditor must see the result); the page then says it was not recorded.
 */
import "server-only";
import type { Db } from "@/db/client";
import { errorLogLine, recordAudit, verifyAuditChain, type AuditActor, type AuditProblem } from "@/lib/audit";
import type { AuditPublicKey } from "@/lib/audit/signing-key";

const PROBLEM_LABELS: Readonly<Record<AuditProblem, string>> = {
  changed: "changed",
  deleted: "deleted",
  inserted: "inserted",
  reordered: "reordered",
  truncated: "truncated",
  "bad-genesis": "changed at the start",
  "bad-checkpoint": "a signed checkpoint is not valid",
};

export type VerificationView = { checkedAt: string; recorded: boolean } & (
  | { ok: true; count: number; headSeq: number; headHash: string; signed: { stored: number; verified: number } }
  | { ok: false; firstBadSeq: number; problem: AuditProblem; problemLabel: string; message: string; checked: number }
);

export interface VerificationOptions {
  now?: () => Date;
  /** the portal's audit key: stored signed checkpoints must carry its valid signature */
  publicKey?: AuditPublicKey;
}

export async function runVerification(db: Db, actor: AuditActor, ip: string | null, options: VerificationOptions = {}): Promise<VerificationView> {
  const now = options.now ?? (() => new Date());
  const result = await verifyAuditChain(db, { publicKey: options.publicKey });
  const checkedAt = now().toISOString();
  let recorded = true;
  try {
    recordAudit(db, {
      actor,
      action: "audit.verify",
      outcome: "info",
      ip,
      details: result.ok
        ? { intact: true, count: result.count, headSeq: result.headSeq, headHash: result.headHash }
        : { intact: false, firstBadSeq: result.firstBadSeq, problem: result.problem, checked: result.checked },
    });
  } catch (err) {
    recorded = false;
    console.error(`audit.verify could not be recorded: ${errorLogLine(err, 200)}`);
  }
  if (result.ok) {
    return { ok: true, count: result.count, headSeq: result.headSeq, headHash: result.headHash, signed: { stored: result.signed.stored, verified: result.signed.verified }, checkedAt, recorded };
  }
  return {
    ok: false,
    firstBadSeq: result.firstBadSeq,
    problem: result.problem,
    problemLabel: PROBLEM_LABELS[result.problem],
    message: result.message,
    checked: result.checked,
    checkedAt,
    recorded,
  };
}
