/**
 * `sectigo revoke`. Like Go, success is the absence of an error and stdout stays empty; a
 * confirmation for people goes to stderr. Reason 7 is refused (Go sent it; RFC 5280 says
 * it is not used).
 */
import "server-only";
import { defineCommand } from "../command";
import { UsageError } from "../errors";
import { printNote } from "../output";
import { hasCode } from "@/lib/errors";
import { parseReason, REVOCATION_REASONS, type RevocationReason } from "@/lib/sectigo/reasons";

export const revokeCommand = defineCommand({
  name: "revoke",
  synopsis: "-p PROFILE -r REASON -s SERIAL",
  summary: "revoke a certificate by serial number",
  flags: {
    profile: { kind: "int", aliases: ["p"], usage: "id of the profile that issued the certificate", placeholder: "PROFILE" },
    reason: {
      kind: "string",
      aliases: ["r"],
      usage: 'RFC 5280 reason, case and spaces ignored: "key compromise", superseded, … (default unspecified)',
      placeholder: "REASON",
    },
    "serial-number": { kind: "string", aliases: ["s"], usage: "serial number of the certificate to revoke", placeholder: "SERIAL" },
  },
  async run(ctx, { flags }) {
    if (!flags.profile) throw new UsageError("must specify profile id");
    const reason = reasonOf(flags.reason ?? "");
    const serial = flags["serial-number"]?.trim();
    if (!serial) throw new UsageError("must specify serial number of certificate");
    await (await ctx.client()).revokeCertificate(flags.profile, reason.code, serial);
    printNote(ctx.io, `certificate ${serial} revoked (${reason.name})`);
  },
});

function reasonOf(text: string): RevocationReason {
  try {
    return parseReason(text);
  } catch (err) {
    if (!hasCode(err, "INVALID_REASON")) throw err;
    const names = REVOCATION_REASONS.map((r) => `"${r.name}" (${r.code})`).join(", ");
    throw new UsageError(`${err.message}; use one of ${names}`);
  }
}
