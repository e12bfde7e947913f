/**
 * The last successful contact with Sectigo: told by the client's onRequest hook about every
 * HTTP attempt, it keeps the time of the latest 2xx answer in memory and writes it to the
 * database at most once per `minIntervalMs` (a trailing write catches the last one), so a
 * busy page does not add a database write to every Sectigo call.
 *
 * Rule: it never throws into the call it observes; a failed write is logged once per run.
 */
import type { SectigoAttempt } from "@/lib/sectigo/http";

export interface ContactRecorderOptions {
  /** Persists the time; may throw (a busy database), which is logged and forgotten. */
  write: (at: Date) => void;
  /** The time stored by an earlier run, read once when first asked. */
  read: () => Date | null;
  minIntervalMs?: number;
  now?: () => Date;
}

export interface ContactRecorder {
  onRequest(info: SectigoAttempt): void;
  /** The latest success known to this process or stored by an earlier one; null: never. */
  lastContact(): Date | null;
}

export const CONTACT_WRITE_INTERVAL_MS = 5000;

export function contactRecorder(options: ContactRecorderOptions): ContactRecorder {
  const interval = options.minIntervalMs ?? CONTACT_WRITE_INTERVAL_MS;
  const now = options.now ?? (() => new Date());
  let latest: Date | null = null;
  let written = 0;
  let trailing: NodeJS.Timeout | undefined;
  let warned = false;

  const flush = () => {
    trailing = undefined;
    if (latest === null) return;
    written = latest.getTime();
    try {
      options.write(latest);
    } catch (err) {
      if (!warned) console.error(`sectigo: could not record the last contact (${err instanceof Error ? err.name : "error"})`);
      warned = true;
    }
  };

  return {
    onRequest(info) {
      if (info.status === undefined || info.status < 200 || info.status > 299) return;
      latest = now();
      if (latest.getTime() - written >= interval) flush();
      else if (trailing === undefined) {
        trailing = setTimeout(flush, written + interval - latest.getTime());
        trailing.unref();
      }
    },
    lastContact() {
      if (latest !== null) return latest;
      try {
        return options.read();
      } catch {
        return null;
      }
    },
  };
}
