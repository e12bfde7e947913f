/**
 * How fresh the proof of the person must be for a step-up act (lib/auth/step-up.ts), and the
 * code an action refused for want of it answers with. Pure: the browser's action hook reads
 * the code too.
 */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

/** The code of an action refused for want of a fresh factor; the client asks for one and retries. */
export const STEP_UP_REQUIRED = "STEP_UP_REQUIRED";

/** Whether the session's last proof of the person (`factorAt`) is recent enough. */
export function hasFreshProof(user: { factorAt: string | null }, now: Date): boolean {
  if (!user.factorAt) return false;
  const age = now.getTime() - Date.parse(user.factorAt);
  return age >= 0 && age < STEP_UP_WINDOW_MS;
}
