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

const PROBLEM_LABELS: Readonly<Record<AuditProblem, string>> = {
  changed: "changed",
  deleted: "deleted",
  inserted: "inserted",
  reordered: "reordered",
  truncated: "truncated",
  "bad-genesis": "changed at the start",
};

export type VerificationView = { checkedAt: string; recorded: boolean } & (
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; firstBadSeq: number; problem: AuditProblem; problemLabel: string; message: string; checked: number }
);

export async function runVerification(db: Db, actor: AuditActor, ip: string | null, now: () => Date = () => new Date()): Promise<VerificationView> {
  const result = await verifyAuditChain(db);
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
    return { ok: true, count: result.count, headSeq: result.headSeq, headHash: result.headHash, checkedAt, recorded };
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
