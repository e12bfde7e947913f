// The bulk revoke's state from preview to summary: loads the impact preview when the dialog
// opens, starts the server-side job, and polls it until it ends (then the page refreshes,
// so the results table shows the new statuses).
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { useStepUp, withStepUp } from "@/app/_components/step-up";
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { bulkRevokeProgressAction, previewRevocationAction, startBulkRevokeAction } from "../actions";
import type { BulkJobView } from "../_lib/bulk-jobs";

const POLL_MS = 600;

export type BulkPhase =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  | { kind: "form"; items: RevocationPreviewItem[]; unknown: string[] }
  | { kind: "running"; job: BulkJobView; names: ReadonlyMap<string, string> }
  /** the revocation became a request for a second person */
  | { kind: "requested"; requestId: number; message: string };

export function useBulkRevoke() {
  const router = useRouter();
  const requestStepUp = useStepUp();
  const [phase, setPhase] = useState<BulkPhase>({ kind: "loading" });
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [comment, setComment] = useState("");
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const load = async (serials: string[]) => {
    setPhase({ kind: "loading" });
    setReason("");
    setTyped("");
    setComment("");
    setStartError(null);
    const res = await previewRevocationAction(null, { serials });
    setPhase(res.ok ? { kind: "form", items: res.data.items, unknown: res.data.unknown } : { kind: "error", message: res.message });
  };

  const start = async () => {
    if (phase.kind !== "form") return;
    setStarting(true);
    setStartError(null);
    const serials = [...phase.items.map((i) => i.serial), ...phase.unknown];
    const res = await withStepUp(requestStepUp, () => startBulkRevokeAction(null, { serials, reasonCode: Number(reason), confirmation: typed.trim(), comment }));
    setStarting(false);
    if (!res.ok) {
      setStartError(res.message);
      return;
    }
    if ("requestId" in res.data) {
      setPhase({ kind: "requested", requestId: res.data.requestId, message: res.data.message });
      return;
    }
    const names = new Map(phase.items.map((i) => [i.serial, i.commonName]));
    setPhase({
      kind: "running",
      names,
      job: { id: res.data.jobId, total: res.data.total, done: 0, state: "running", results: [], summary: null, error: null },
    });
  };

  const running = phase.kind === "running" && phase.job.state === "running" ? phase.job.id : null;
  const poll = useCallback(async (jobId: string) => {
    const res = await bulkRevokeProgressAction(null, { jobId });
    setPhase((prev) => {
      if (prev.kind !== "running" || prev.job.id !== jobId) return prev;
      if (!res.ok) return { ...prev, job: { ...prev.job, state: "stopped", error: res.message, summary: prev.job.summary ?? { revoked: 0, alreadyRevoked: 0, failed: 0, unknown: 0 } } };
      return { ...prev, job: res.data };
    });
  }, []);

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void poll(running), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, phase, poll]);

  const finished = (phase.kind === "running" && phase.job.state !== "running") || phase.kind === "requested";
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  /** After a finished run the next open starts from a fresh preview. */
  const reset = () => setPhase({ kind: "loading" });

  return { phase, reason, setReason, typed, setTyped, comment, setComment, startError, starting, running: running !== null, finished, load, start, reset };
}
