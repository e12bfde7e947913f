/**
 * The host's way back in (docs/security.md S16): `npm run staff -- reset-factors <email>` or
 * `reset-password <email>`, for an only administrator who lost phone and recovery codes, or
 * the password, with no other administrator to reset them. Whoever can run it on the host
 * already holds the database, so it asks for nothing more; it does what Staff accounts does
 * (lib/auth/staff.ts), audited with the actor "host", and the account's sessions end.
 */
import "server-only";
import type { Db } from "@/db/client";
import type { Clock } from "@/db/time";
import { HOST_ACTOR } from "@/lib/audit/types";
import { findStaffByEmail, resetFactors, resetPassword } from "@/lib/auth/staff";

export interface BreakGlassIo {
  out(line: string): void;
  err(line: string): void;
}

export const STAFF_USAGE = [
  "usage: npm run staff -- <command> <email>",
  "",
  "  reset-factors <email>   remove the account's second factors and recovery codes; the",
  "                          password alone signs it in, then it sets up a factor if its role must",
  "  reset-password <email>  give the account a new generated password, printed once",
  "",
  "Both end the account's sessions and are recorded in the audit log with the actor \"host\".",
  "Run it where the portal runs, with the same DATABASE_URL / DATA_DIR.",
].join("\n");

const COMMANDS = ["reset-factors", "reset-password"] as const;
type Command = (typeof COMMANDS)[number];

function isCommand(value: string | undefined): value is Command {
  return (COMMANDS as readonly string[]).includes(value ?? "");
}

/** Runs one command; returns the exit code (0 done, 1 refused, 2 not understood). */
export async function runStaffCommand(db: Db, args: readonly string[], io: BreakGlassIo, clock?: Clock): Promise<number> {
  const [command, email, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    io.out(STAFF_USAGE);
    return 0;
  }
  if (!isCommand(command) || !email || rest.length > 0) {
    io.err(command && !isCommand(command) ? `Unknown command "${command}".\n\n${STAFF_USAGE}` : STAFF_USAGE);
    return 2;
  }
  const member = findStaffByEmail(db, email);
  if (!member) {
    io.err(`No staff account has the e-mail address ${email.trim().toLowerCase()}; nothing was changed.`);
    return 1;
  }
  const note = member.disabled ? `\nNote: ${member.email} is disabled; it cannot sign in until an administrator enables it.` : "";
  if (command === "reset-factors") {
    resetFactors(db, HOST_ACTOR, member.id, { clock });
    io.out(
      `${member.email} has no second factor now, and its sessions were ended. It signs in with its password` +
        ` and, if its role must have a factor, sets up a new one right away.${note}`,
    );
    return 0;
  }
  const reset = await resetPassword(db, HOST_ACTOR, member.id, { clock });
  io.out(`New password for ${member.email} (shown once; its sessions were ended):\n\n  ${reset.password}\n`);
  io.out(`Hand it to the person by a channel you trust.${note}`);
  return 0;
}
