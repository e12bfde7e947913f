/**
 * `sectigo upload`: one file of PEM CSRs, signed under a profile. Every CSR is parsed and
 * its signature verified BEFORE anything is sent: a malformed or forged CSR would only
 * come back as a BROKEN batch (and may cost a licence), so the tool refuses it here with
 * a message per CSR. `--force` sends the file anyway, for when the CA should judge.
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { defineCommand } from "../command";
import { CliError, UsageError } from "../errors";
import { printJson, printNote } from "../output";
import type { CsrParseResult } from "@/lib/pki/csr";
import { isPkiError } from "@/lib/pki/errors";
import { MAX_CSR_UPLOAD_BYTES } from "@/lib/pki/pem";

export const uploadCommand = defineCommand({
  name: "upload",
  synopsis: "-p PROFILE [--force] FILE",
  summary: "upload a file of PEM certificate signing requests to be signed under a profile",
  flags: {
    profile: { kind: "int", aliases: ["p"], usage: "id of the profile to sign the certificates under (17 or 85)", placeholder: "PROFILE" },
    force: { kind: "boolean", usage: "send the file even if a CSR in it is malformed or its signature does not verify" },
  },
  async run(ctx, { flags, positionals }) {
    if (positionals.length !== 1) throw new UsageError("specify the path to one CSR for upload");
    if (!flags.profile) throw new UsageError("specify the profile ID to sign the cert under");
    const given = positionals[0] as string;
    const file = path.resolve(ctx.io.cwd, given);
    const data = await readCsrFile(file, given);
    const text = data.toString("utf8");

    const { parseCsrs } = await import("@/lib/pki");
    let results: CsrParseResult[] = [];
    try {
      results = await parseCsrs(text);
    } catch (err) {
      if (!isPkiError(err) || !flags.force) throw err;
      printNote(ctx.io, `warning: ${err.message} (sending anyway: --force)`);
    }
    const bad = results.filter((r) => !r.ok);
    for (const r of results) {
      if (!r.ok) printNote(ctx.io, `CSR ${r.index + 1} of ${results.length}: ${r.error.message}`);
      else for (const problem of r.csr.problems) printNote(ctx.io, `CSR ${r.index + 1} (${r.csr.subject.text}): warning: ${problem}`);
    }
    if (bad.length > 0 && !flags.force) {
      throw new CliError(
        "CSR_REJECTED",
        `${given}: ${bad.length} of ${results.length} CSR${results.length === 1 ? "" : "s"} cannot be submitted (see above); nothing was sent. Fix the file, or add --force to let Sectigo judge.`,
      );
    }
    if (bad.length > 0) printNote(ctx.io, `sending ${given} anyway (--force)`);

    const batch = await (await ctx.client()).uploadCsrBatch(flags.profile, path.basename(file), text);
    printJson(ctx.io, batch);
  },
});

async function readCsrFile(file: string, given: string): Promise<Buffer> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError("FILE_NOT_FOUND", `could not read ${given}: no such file`);
    throw new CliError("FILE_UNREADABLE", `could not read ${given}: ${code ?? "unknown error"}`);
  }
  if (!stat.isFile()) throw new CliError("FILE_UNREADABLE", `could not read ${given}: not a file`);
  // Checked before reading: the cap is the same one the portal states for uploads.
  if (stat.size > MAX_CSR_UPLOAD_BYTES) {
    throw new CliError(
      "FILE_UNREADABLE",
      `${given} is ${Math.ceil(stat.size / 1024)} KiB, over the ${MAX_CSR_UPLOAD_BYTES / 1024} KiB limit for one upload: split it into smaller files`,
    );
  }
  try {
    return await fs.readFile(file);
  } catch (err) {
    throw new CliError("FILE_UNREADABLE", `could not read ${given}: ${(err as NodeJS.ErrnoException).code ?? "unknown error"}`);
  }
}
