/**
 * The batch lifecycle: create (single certificate or CSR upload), wait `processingDelayMs`,
 * then issue or reject. A batch's due time is stored with it, so a batch still processing
 * when the server stops is completed after the next start.
 *
 * Rules: balances are checked when a batch is created and spent when it is issued (a
 * batch that finds the balance gone is REJECTED, as the real CA would); batches are issued
 * one at a time off the request path; the timer is unref'd and `stop()` waits for the batch
 * in hand, so closing never leaves a half-written state file.
 */
import "server-only";
import { validateProfileParams } from "@/lib/sectigo/profiles";
import { BATCH_STATUS, type CreateSingleCertBatchRequest } from "@/lib/sectigo/schemas";
import type { LocalCa } from "./ca";
import { AUTHORITIES, findAuthority, type AuthorityDefinition } from "./catalog";
import { notFound, SimulatorError } from "./errors";
import { sectigoDate } from "./format";
import type { ResolvedOptions } from "./options";
import { issueBatch, type IssuanceOutcome } from "./processing";
import type { BatchRecord, PendingCsr, SimulatorState } from "./state";
import type { StateStore } from "./store";

const MAX_TIMER_MS = 60_000;
const RETRY_AFTER_ERROR_MS = 1_000;

export interface CsrBatchInput {
  authority: AuthorityDefinition;
  batchName: string;
  size: number;
  csrs: PendingCsr[];
  outcome?: BatchRecord["pendingOutcome"];
}

export class BatchEngine {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: StateStore,
    private readonly ca: LocalCa,
    private readonly options: ResolvedOptions,
    private readonly publicUrl: () => string,
  ) {}

  get(batchId: number): BatchRecord {
    const batch = this.store.state.batches.find((b) => b.batchId === batchId);
    if (!batch) throw notFound(`No batch with id ${batchId}.`);
    return batch;
  }

  async createSingle(request: CreateSingleCertBatchRequest): Promise<BatchRecord> {
    const authority = findAuthority(request.authorityId);
    if (!authority) {
      const known = AUTHORITIES.map((a) => a.id).join(", ");
      throw new SimulatorError("UNKNOWN_PROFILE", 400, `unknown profile: authority ${request.authorityId} is not one of ${known}.`);
    }
    const problems = validateProfileParams(authority.profile, request.profileParams);
    if (problems.length > 0) {
      throw new SimulatorError("INVALID_PARAMETERS", 400, `Invalid profile parameters: ${problems.map((p) => p.message).join("; ")}.`);
    }
    const batch = await this.store.update((draft) => {
      spendCheck(draft, authority, 1);
      return this.newBatch(draft, {
        kind: "single",
        authority,
        batchName: request.batchName,
        size: 1,
        pendingParams: { ...request.profileParams },
      });
    });
    this.schedule();
    return batch;
  }

  async createCsrBatch(input: CsrBatchInput): Promise<BatchRecord> {
    const batch = await this.store.update((draft) => {
      spendCheck(draft, input.authority, input.size);
      return this.newBatch(draft, {
        kind: "csr",
        authority: input.authority,
        batchName: input.batchName,
        size: input.size,
        ...(input.outcome ? { pendingOutcome: input.outcome } : { pendingCsrs: input.csrs }),
      });
    });
    this.schedule();
    return batch;
  }

  private newBatch(
    draft: SimulatorState,
    fields: Pick<BatchRecord, "kind" | "batchName" | "size" | "pendingParams" | "pendingCsrs" | "pendingOutcome"> & {
      authority: AuthorityDefinition;
    },
  ): BatchRecord {
    const now = this.options.now();
    const { authority, ...rest } = fields;
    const batch: BatchRecord = {
      ...rest,
      batchId: draft.nextBatchId++,
      orderNumber: draft.nextOrderNumber++,
      profileId: authority.profile.id,
      authorityId: authority.id,
      creationDate: sectigoDate(now),
      dueAt: new Date(now.getTime() + this.options.processingDelayMs).toISOString(),
      status: BATCH_STATUS.PROCESSING,
      rejectReason: "",
      active: fields.size,
      success: 0,
      failed: 0,
      serials: [],
    };
    draft.batches.push(batch);
    return batch;
  }

  /** Starts processing: batches left PROCESSING by a previous run are picked up now. */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Issues every batch whose time has come (tests with an injected clock call this). */
  runDue(): Promise<void> {
    const run = this.running.then(() => this.processDue());
    this.running = run.then(
      (hadError) => this.schedule(hadError ? RETRY_AFTER_ERROR_MS : 0),
      () => this.schedule(RETRY_AFTER_ERROR_MS),
    );
    return this.running;
  }

  private schedule(minDelay = 0): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const due = this.store.state.batches
      .filter((b) => b.status === BATCH_STATUS.PROCESSING)
      .map((b) => Date.parse(b.dueAt));
    if (due.length === 0) return;
    const wait = Math.min(Math.max(Math.min(...due) - this.options.now().getTime(), minDelay, 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runDue();
    }, wait);
    this.timer.unref();
  }

  /** Returns true when some batch could not be committed (so the next try backs off). */
  private async processDue(): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const now = this.options.now().getTime();
      const next = this.store.state.batches
        .filter((b) => b.status === BATCH_STATUS.PROCESSING && Date.parse(b.dueAt) <= now)
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
      if (!next) return false;
      try {
        await this.process(next);
      } catch (err) {
        this.options.log(`simulator: batch ${next.batchId} could not be completed: ${err instanceof Error ? err.message : String(err)}`);
        return true;
      }
    }
  }

  private async process(batch: BatchRecord): Promise<void> {
    const outcome = await issueBatch(batch, {
      ca: this.ca,
      publicUrl: this.publicUrl(),
      now: this.options.now(),
      leafKeyBits: this.options.leafKeyBits,
      pkcs12Format: this.options.pkcs12Format,
    });
    await this.store.update((draft) => commit(draft, batch.batchId, outcome));
    const done = this.store.state.batches.find((b) => b.batchId === batch.batchId);
    this.options.log(`simulator: batch ${batch.batchId} ${done?.status ?? "gone"}`);
  }
}

function balanceOf(state: SimulatorState, authority: AuthorityDefinition): number {
  return state.balances[String(authority.id)] ?? 0;
}

function spendCheck(state: SimulatorState, authority: AuthorityDefinition, count: number): void {
  const balance = balanceOf(state, authority);
  if (balance <= 0) throw new SimulatorError("NO_BALANCE", 400, `no balance available on authority ${authority.id}`);
  if (balance < count) {
    throw new SimulatorError("NO_BALANCE", 400, `not enough balance on authority ${authority.id}: ${count} certificates requested, ${balance} available`);
  }
}

function commit(draft: SimulatorState, batchId: number, outcome: IssuanceOutcome): void {
  const batch = draft.batches.find((b) => b.batchId === batchId);
  if (!batch || batch.status !== BATCH_STATUS.PROCESSING) return;
  delete batch.pendingParams;
  delete batch.pendingCsrs;
  delete batch.pendingOutcome;
  batch.active = 0;
  const authority = findAuthority(batch.authorityId);
  const count = outcome.ok ? outcome.certificates.length : 0;
  if (outcome.ok && authority && balanceOf(draft, authority) < count) {
    outcome = { ok: false, status: BATCH_STATUS.REJECTED, reason: `no balance available on authority ${authority.id}` };
  }
  if (!outcome.ok) {
    batch.status = outcome.status;
    batch.rejectReason = outcome.reason;
    batch.success = 0;
    batch.failed = batch.size;
    return;
  }
  draft.balances[String(batch.authorityId)] = (draft.balances[String(batch.authorityId)] ?? 0) - count;
  draft.issuedCount += count;
  draft.certificates.push(...outcome.certificates);
  batch.serials = outcome.certificates.map((c) => c.serial);
  batch.status = BATCH_STATUS.READY_FOR_DOWNLOAD;
  batch.success = count;
  batch.failed = 0;
}
