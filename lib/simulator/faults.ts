/**
 * Fault injection for tests: queued faults that hit the next N matching requests.
 *
 * Rules: a fault matches by path prefix ("/api/v1/batches") or by endpoint
 * ("GET /api/v1/batches/{batchId}"); with no `match` it hits any /api or /auth call, never
 * the public PKI routes or the control API. A request takes at most one `latency` fault
 * and one other fault, oldest first, so "slow, then 503" can be queued as two faults.
 */
import "server-only";
import { z } from "zod";

export const faultSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("latency"), ms: z.number().int().min(0).max(600_000), match: z.string().optional(), count: z.number().int().min(1).optional() }),
  z.object({
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599).optional(),
    body: z.enum(["json", "html"]).optional(),
    match: z.string().optional(),
    count: z.number().int().min(1).optional(),
  }),
  z.object({ kind: z.literal("unauthorized"), match: z.string().optional(), count: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal("timeout"), match: z.string().optional(), count: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal("malformed"), match: z.string().optional(), count: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal("reset"), match: z.string().optional(), count: z.number().int().min(1).optional() }),
]);

/**
 * One fault: `latency` delays the answer by `ms`; `status` answers with `status` (default
 * 503) and a JSON or HTML body; `unauthorized` answers 401 even to a good token; `timeout`
 * never answers; `malformed` answers 200 with a truncated JSON body; `reset` destroys the
 * connection. `count` (default 1) is how many matching requests it hits.
 */
export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultKind = FaultSpec["kind"];

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export interface TakenFaults {
  latencyMs: number;
  fault?: Exclude<FaultSpec, { kind: "latency" }>;
}

function matches(spec: FaultSpec, method: string, path: string, endpoint: string): boolean {
  const m = spec.match;
  if (m === undefined || m === "") return path.startsWith("/api/") || path.startsWith("/auth/");
  if (m.includes(" ")) return m === endpoint || m === `${method} ${path}`;
  return path.startsWith(m);
}

export class FaultController {
  private queue: QueuedFault[] = [];

  /** Queues one or more faults (validated; throws on a bad spec). */
  inject(specs: FaultSpec | FaultSpec[]): void {
    for (const raw of Array.isArray(specs) ? specs : [specs]) {
      const spec = faultSpecSchema.parse(raw);
      this.queue.push({ spec, remaining: spec.count ?? 1 });
    }
  }

  clear(): void {
    this.queue = [];
  }

  /** Faults still queued, with how many requests each will still hit. */
  pending(): { spec: FaultSpec; remaining: number }[] {
    return this.queue.map((q) => ({ spec: q.spec, remaining: q.remaining }));
  }

  /** Consumes the faults that apply to one request. */
  take(method: string, path: string, endpoint: string): TakenFaults {
    const taken: TakenFaults = { latencyMs: 0 };
    let tookLatency = false;
    for (const q of this.queue) {
      if (q.remaining <= 0 || !matches(q.spec, method, path, endpoint)) continue;
      if (q.spec.kind === "latency") {
        if (tookLatency) continue;
        tookLatency = true;
        taken.latencyMs = q.spec.ms;
      } else {
        if (taken.fault) continue;
        taken.fault = q.spec;
      }
      q.remaining -= 1;
    }
    this.queue = this.queue.filter((q) => q.remaining > 0);
    return taken;
  }
}
