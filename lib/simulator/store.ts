/**
 * Holds the simulator state in memory and on disk. Rule: every change goes through
 * `update`, which runs one change at a time on a copy, writes the copy atomically, and
 * only then makes it current — so concurrent requests cannot interleave half-done
 * changes, and a failed change or write leaves both memory and disk as they were.
 */
import "server-only";
import { SimulatorError } from "./errors";
import { readTextIfExists, writeFileAtomic } from "./files";
import { initialState, stateSchema, type SimulatorState } from "./state";

export class StateStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private current: SimulatorState,
  ) {}

  static async open(file: string, balances: Record<string, number>): Promise<StateStore> {
    const text = await readTextIfExists(file);
    if (text === undefined) {
      const store = new StateStore(file, initialState(balances));
      await writeFileAtomic(file, JSON.stringify(store.current));
      return store;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = stateSchema.safeParse(parsed);
    if (!result.success) {
      throw new SimulatorError(
        "STATE_CORRUPT",
        500,
        `The simulator state file ${file} is not valid; restore it from a backup or remove it to start with empty state (the CA is kept).`,
      );
    }
    // Authorities added in a later version start with their default balance.
    for (const [id, balance] of Object.entries(balances)) result.data.balances[id] ??= balance;
    return new StateStore(file, result.data);
  }

  /** The current state. Read only: change it through `update`. */
  get state(): Readonly<SimulatorState> {
    return this.current;
  }

  /** Runs `change` on a copy of the state, persists the copy, then makes it current. */
  update<T>(change: (draft: SimulatorState) => T | Promise<T>): Promise<T> {
    const run = async () => {
      const draft = structuredClone(this.current);
      const result = await change(draft);
      await writeFileAtomic(this.file, JSON.stringify(draft));
      this.current = draft;
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every change queued so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }
}
