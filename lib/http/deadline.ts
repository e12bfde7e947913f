/**
 * One deadline shared by several calls a page makes to Sectigo: each call is settled
 * (value or error, never a throw) and none waits past the deadline, so a slow or absent
 * Sectigo turns into a notice on the page instead of a page that hangs on the client's
 * own, longer timeouts and retries.
 */
import { DomainError } from "@/lib/errors";

export class DeadlineError extends DomainError<"DEADLINE"> {
  readonly family = "app";
  override readonly name = "DeadlineError";
  constructor() {
    super("DEADLINE", "no answer in time", "Sectigo did not answer in time for this page; it shows what it has.");
  }
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface PageDeadline {
  settle<T>(call: () => Promise<T>): Promise<Settled<T>>;
  /** Stops the timer once the page has what it needs. */
  cancel(): void;
}

export function startDeadline(ms: number): PageDeadline {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), ms);
  });
  // A rejected deadline nobody is racing any more must not count as unhandled.
  deadline.catch(() => undefined);
  return {
    async settle<T>(call: () => Promise<T>): Promise<Settled<T>> {
      try {
        return { ok: true, value: await Promise.race([call(), deadline]) };
      } catch (error) {
        return { ok: false, error };
      }
    },
    cancel: () => clearTimeout(timer),
  };
}
