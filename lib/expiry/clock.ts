/**
 * The clock the expiry watch, the expiry notices and the calendar feed read ("what expires
 * within N days of now"). In production it is the system clock.
 *
 * End-to-end tests of the built app must see a certificate cross 30, 14, 7 and 1 days without
 * waiting weeks, so when EXPIRY_TEST_CLOCK_FILE is set the clock reads a whole number of
 * milliseconds from that file (missing or empty: 0) and adds it to the system time, on every
 * call: the test moves time forward by writing the file. Nothing else in the portal (sessions,
 * tokens, the audit log) uses this clock, so moving it cannot sign anyone out or reorder the
 * audit chain. The variable is for tests; the portal logs a warning at start when it is set.
 */
import "server-only";
import { readFileSync } from "node:fs";
import { systemClock, type Clock } from "@/db/time";
import { rawEnv } from "@/lib/env";

export const TEST_CLOCK_VARIABLE = "EXPIRY_TEST_CLOCK_FILE";

/** The offset the file holds; a file that cannot be read or parsed counts as no offset. */
export function readClockOffset(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch {
    return 0;
  }
  if (!/^-?\d{1,15}$/.test(text)) return 0;
  return Number(text);
}

/** A clock `offset()` milliseconds after `base`. */
export function offsetClock(offset: () => number, base: Clock = systemClock): Clock {
  return () => new Date(base().getTime() + offset());
}

/** The expiry clock for this process (read per call, so a test can move it while the portal runs). */
export function expiryClock(source: Readonly<Record<string, string | undefined>> = rawEnv()): Clock {
  const file = source[TEST_CLOCK_VARIABLE]?.trim();
  if (!file) return systemClock;
  return offsetClock(() => readClockOffset(file));
}
