/**
 * Per-endpoint call counters and a short request log, for contract tests that count calls
 * (e.g. "zero auth calls while the token is valid"). Holds method, path, status and time
 * only — never headers or bodies.
 */
import "server-only";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import type { SimulatorState } from "./state";

const LOG_SIZE = 500;

export interface RequestLogEntry {
  method: string;
  path: string;
  /** "METHOD /route/{param}", or "METHOD /path" for an unknown route. */
  endpoint: string;
  status: number;
  ms: number;
}

export interface SimulatorStats {
  /** Calls per endpoint, e.g. calls["POST /auth/pwd"], calls["GET /api/v1/batches/{batchId}"]. */
  calls: Record<string, number>;
  totalCalls: number;
  /** The latest requests (up to 500), oldest first. */
  requests: RequestLogEntry[];
  batches: { total: number; processing: number };
  certificates: { issued: number; revoked: number };
  balances: Record<string, number>;
}

export class StatsRecorder {
  private calls: Record<string, number> = {};
  private total = 0;
  private log: RequestLogEntry[] = [];

  count(endpoint: string): void {
    this.calls[endpoint] = (this.calls[endpoint] ?? 0) + 1;
    this.total += 1;
  }

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
  }

  reset(): void {
    this.calls = {};
    this.total = 0;
    this.log = [];
  }

  snapshot(state: Readonly<SimulatorState>): SimulatorStats {
    return {
      calls: { ...this.calls },
      totalCalls: this.total,
      requests: this.log.map((e) => ({ ...e })),
      batches: {
        total: state.batches.length,
        processing: state.batches.filter((b) => b.status === BATCH_STATUS.PROCESSING).length,
      },
      certificates: {
        issued: state.certificates.length,
        revoked: state.certificates.filter((c) => c.status === BATCH_STATUS.REVOKED).length,
      },
      balances: { ...state.balances },
    };
  }
}
