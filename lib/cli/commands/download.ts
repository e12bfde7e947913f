/**
 * `sectigo download`: the batch ZIP into a directory, then how to open it. The hint names
 * the real .p12 inside (read from the ZIP's directory, nothing decrypted) and says when
 * OpenSSL 3 needs -legacy: real Sectigo files use RC2-40, which it refuses by default.
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { defineCommand } from "../command";
import { UsageError } from "../errors";
import { printLine } from "../output";

export const downloadCommand = defineCommand({
  name: "download",
  synopsis: "-i ID -o DIR",
  summary: "download a batch as a ZIP file (one password-protected PKCS#12 inside)",
  flags: {
    id: { kind: "int", aliases: ["i"], usage: "the batch id to download", placeholder: "ID" },
    outdir: { kind: "string", aliases: ["o"], usage: "the existing directory to write the ZIP file to", placeholder: "DIR" },
  },
  async run(ctx, { flags }) {
    if (!flags.id) throw new UsageError("must specify batch id for download");
    if (!flags.outdir) throw new UsageError("must specify the directory to download the zip file to (-o DIR)");
    const dir = path.resolve(ctx.io.cwd, flags.outdir);
    const file = await (await ctx.client()).downloadTo(flags.id, dir);
    printLine(ctx.io, `downloaded batch ${flags.id} to ${file}`);
    for (const line of openHint(file, await p12Names(file))) printLine(ctx.io, line);
  },
});

async function p12Names(file: string): Promise<string[]> {
  try {
    const { readZip } = await import("@/lib/pki");
    const entries = readZip(new Uint8Array(await fs.readFile(file)));
    return entries.map((e) => e.name).filter((n) => /\.(p12|pfx)$/i.test(n));
  } catch {
    // The hint is a courtesy: a ZIP we cannot list still downloaded fine.
    return [];
  }
}

export function openHint(file: string, names: readonly string[]): string[] {
  const dir = path.dirname(file);
  const p12 = names[0] ?? "<name>.p12";
  const stem = p12.replace(/\.(p12|pfx)$/i, "");
  const q = shellQuote;
  return [
    `decrypt with: unzip -o ${q(file)} -d ${q(dir)} && openssl pkcs12 -in ${q(path.join(dir, p12))} -out ${q(path.join(dir, `${stem}.pem`))} -nodes`,
    "  (files from the real Sectigo use RC2-40: OpenSSL 3 needs -legacy for them)",
    `or inspect it with: sectigo inspect ${q(file)} -p PASSWORD`,
  ];
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
