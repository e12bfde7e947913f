/**
 * The test control API, served only with `controlApi: true`: queue or clear faults, read or
 * reset the call counters, and issue due batches now. For tests in another process (e.g.
 * Playwright driving `next start`); in-process tests use `RunningSimulator` directly.
 */
import "server-only";
import { z } from "zod";
import { badRequest } from "../errors";
import { faultSpecSchema } from "../faults";
import { JSON_LIMIT_BYTES, parseJson, readBody, sendJson } from "../http";
import type { HandlerContext } from "../router";

const faultRequestSchema = z.union([faultSpecSchema, z.array(faultSpecSchema), z.object({ faults: z.array(faultSpecSchema) })]);

export async function injectFaults({ core, req, res }: HandlerContext): Promise<void> {
  const parsed = faultRequestSchema.safeParse(parseJson(await readBody(req, JSON_LIMIT_BYTES)));
  if (!parsed.success) {
    throw badRequest(
      'Send a fault such as {"kind": "status", "status": 503, "count": 1, "match": "/api/v1/batches"}, an array of them, or {"faults": [...]}. Kinds: latency (ms), status, unauthorized, timeout, malformed, reset.',
    );
  }
  const data = parsed.data;
  core.faults.inject(Array.isArray(data) ? data : "faults" in data ? data.faults : data);
  sendJson(res, 200, { pending: core.faults.pending() });
}

export function listFaults({ core, res }: HandlerContext): void {
  sendJson(res, 200, { pending: core.faults.pending() });
}

export function clearFaults({ core, res }: HandlerContext): void {
  core.faults.clear();
  sendJson(res, 200, { pending: [] });
}

export function readStats({ core, res }: HandlerContext): void {
  sendJson(res, 200, core.stats.snapshot(core.store.state));
}

export function resetStats({ core, res }: HandlerContext): void {
  core.stats.reset();
  sendJson(res, 200, core.stats.snapshot(core.store.state));
}

export async function runDueBatches({ core, res }: HandlerContext): Promise<void> {
  await core.engine.runDue();
  sendJson(res, 200, { processing: core.stats.snapshot(core.store.state).batches.processing });
}
