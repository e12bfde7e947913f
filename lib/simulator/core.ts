/**
 * What every handler shares: options, state, CA, tokens, batches, faults and the CRL.
 *
 * The CRL rule: a revoke changes the certificate and bumps the CRL number in the same state
 * change, and the new CRL is built from that very state, so a CRL that lists a serial is
 * never older than the revocation; a CRL older than a day is re-signed on request so that
 * nextUpdate (7 days) never lapses on a long-running server.
 */
import "server-only";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import type { BatchEngine } from "./batches";
import type { LocalCa } from "./ca";
import { buildCrl, type BuiltCrl } from "./crl";
import type { FaultController } from "./faults";
import type { ResolvedOptions } from "./options";
import type { SimulatorState } from "./state";
import type { StatsRecorder } from "./stats";
import type { StateStore } from "./store";
import type { TokenService } from "./tokens";

const CRL_REFRESH_MS = 24 * 3600 * 1000;

export interface SimulatorCore {
  options: ResolvedOptions;
  store: StateStore;
  ca: LocalCa;
  tokens: TokenService;
  engine: BatchEngine;
  faults: FaultController;
  crl: CrlService;
  stats: StatsRecorder;
  publicUrl: () => string;
  startedAt: Date;
}

export function revokedEntries(state: Readonly<SimulatorState>) {
  return state.certificates
    .filter((c) => c.status === BATCH_STATUS.REVOKED)
    .map((c) => ({
      serial: c.serial,
      revokedAt: new Date(c.revokedAt ?? c.creationDate.replace("+0000", "Z")),
      reasonCode: c.reasonCode ?? 0,
    }));
}

export class CrlService {
  private current: BuiltCrl | undefined;
  private refreshing: Promise<BuiltCrl> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly ca: LocalCa,
    private readonly now: () => Date,
  ) {}

  /** Builds the CRL for `draft` (inside a state change that has bumped `crlNumber`). */
  build(draft: SimulatorState): Promise<BuiltCrl> {
    return buildCrl(this.ca, revokedEntries(draft), draft.crlNumber, this.now());
  }

  /** Makes `crl` current unless a newer one already is (numbers only grow). */
  publish(crl: BuiltCrl): void {
    if (!this.current || crl.crlNumber > this.current.crlNumber) this.current = crl;
  }

  /** The current CRL, re-signed with the next number when missing or a day old. */
  async get(): Promise<BuiltCrl> {
    const fresh = this.current && this.now().getTime() - this.current.thisUpdate.getTime() < CRL_REFRESH_MS;
    if (this.current && fresh) return this.current;
    this.refreshing ??= this.store
      .update(async (draft) => {
        draft.crlNumber += 1;
        return this.build(draft);
      })
      .then((crl) => {
        this.publish(crl);
        return crl;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}
