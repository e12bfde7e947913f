/**
 * `npm run audit:verify` — checks audit evidence (docs/security.md S3, S21; docs/operations.md §3.4).
 *
 *   npm run audit:verify [-- --head SEQ:HASH] [--checkpoint FILE] [--public-key PEM] [--json]
 *     verifies the audit chain of the database named by DATABASE_URL / DATA_DIR, opened
 *     read-only (never created or migrated): prints "ok", the entry count and the head hash,
 *     or names the first bad entry and exits 1. With --checkpoint (a signed checkpoint
 *     downloaded from the audit page) it also proves that the log still extends it.
 *   npm run audit:verify -- --export FILE --sig SIG [--public-key PEM]
 *     checks a signed export's detached signature (raw 64 bytes or base64); no database.
 *
 * The trusted public key is --public-key, else the portal's own key (AUDIT_SIGNING_KEY or
 * <DATA_DIR>/audit-signing-key.pem, read, never created). Exit codes: 0 ok, 1 the evidence
 * fails, 2 the check could not run (missing file, bad arguments).
 */
import "server-only";
import fs from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { parseCheckpointFile, type SignedCheckpointFile } from "@/lib/audit/checkpoints";
import { parsePublicKeyPem, readSigningKeyFile, signingKeyFrom, verifySignature, type AuditPublicKey } from "@/lib/audit/signing-key";
import { verifyAuditChain } from "@/lib/audit/verify";

class UsageError extends Error {}

function parseHead(text: string | undefined): { seq: number; hash: string } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new UsageError("--head needs SEQ:HASH as printed by a previous run, e.g. --head 1200:3f9a…");
  return { seq: Number(m[1]), hash: m[2] as string };
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The key to trust: the one given, else the portal's configured one; null when there is none. */
function trustedKey(file: string | undefined): AuditPublicKey | null {
  if (file !== undefined) return parsePublicKeyPem(readFile(file, "public key").toString("utf8"));
  const config = env();
  if (config.AUDIT_SIGNING_KEY) return signingKeyFrom(config.AUDIT_SIGNING_KEY);
  return readSigningKeyFile(config.DATA_DIR);
}

/**
 * The portal's own key for checking stored checkpoints, when this user can read it; without
 * it the chain is still verified and the stored checkpoints compared, unsigned.
 */
function portalKeyIfReadable(): AuditPublicKey | undefined {
  try {
    return trustedKey(undefined) ?? undefined;
  } catch (err) {
    console.error(`note: stored checkpoint signatures are not checked (${(err as Error).message}); pass --public-key to check them`);
    return undefined;
  }
}

/** A detached signature file: the raw 64 bytes openssl writes, or their base64. */
function signatureBytes(data: Buffer): Buffer {
  if (data.length === 64) return data;
  const decoded = Buffer.from(data.toString("ascii").trim(), "base64");
  return decoded.length === 64 ? decoded : data;
}

function verifyExport(exportFile: string, sigFile: string, keyFile: string | undefined): number {
  const key = trustedKey(keyFile);
  if (!key) throw new UsageError("no public key: pass --public-key audit-public-key.pem (downloaded from the audit page)");
  const ok = verifySignature(key, readFile(exportFile, "export"), signatureBytes(readFile(sigFile, "signature")));
  console.log(ok ? `export signature ok: ${exportFile} is signed by audit key ${key.keyId}` : `export signature INVALID: ${exportFile} is not what key ${key.keyId} signed (changed, or another key)`);
  return ok ? 0 : 1;
}

async function verifyDatabase(values: { head?: string; json?: boolean; checkpoint?: string; "public-key"?: string }): Promise<number> {
  const anchor = parseHead(values.head);
  let checkpoint: SignedCheckpointFile | undefined;
  if (values.checkpoint !== undefined) {
    try {
      checkpoint = parseCheckpointFile(readFile(values.checkpoint, "checkpoint").toString("utf8"));
    } catch (err) {
      throw new UsageError(`${values.checkpoint}: ${(err as Error).message}`);
    }
  }
  const publicKey = values["public-key"] !== undefined ? (trustedKey(values["public-key"]) ?? undefined) : portalKeyIfReadable();
  const file = env().databaseFile;
  // A wrong DATA_DIR must not read as "an empty log, intact": a missing file is an error.
  if (!fs.existsSync(file)) throw new UsageError(`no database at ${file}: set DATA_DIR or DATABASE_URL to the portal's database; nothing was verified`);
  // Read-only, never created or migrated, and without openDb's WAL check: that guards writers,
  // and a backup made with VACUUM INTO (docs/operations.md §3.2) is not in WAL mode.
  const db = drizzle(new Database(file, { readonly: true, fileMustExist: true })) as unknown as Db;
  try {
    const started = Date.now();
    const result = await verifyAuditChain(db, {
      anchor,
      checkpoint,
      publicKey,
      onProgress: values.json
        ? undefined
        : ({ checked, total }) => process.stderr.write(`\r  checked ${checked.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`),
    });
    if (!values.json) process.stderr.write("\r\x1b[K");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (values.json) {
      console.log(JSON.stringify(result));
    } else if (result.ok) {
      console.log(`audit log ok: ${result.count.toLocaleString("en-US")} entries verified in ${seconds} s (${file})`);
      console.log(`head: ${result.headSeq}:${result.headHash}`);
      const s = result.signed;
      const keyNote = publicKey ? `${s.verified} with a valid signature of key ${publicKey.keyId}` : "signatures not checked (no public key)";
      console.log(`signed checkpoints: ${s.stored} stored, ${keyNote}${s.latestSeq === null ? "" : `, latest at #${s.latestSeq}`}`);
      if (checkpoint) console.log(`checkpoint ${values.checkpoint}: validly signed, and the log still extends it (#${checkpoint.checkpoint.seq})`);
    } else {
      console.log(`audit log FAILED at entry ${result.firstBadSeq} (${result.problem}) (${file})`);
      console.log(result.message);
    }
    return result.ok ? 0 : 1;
  } finally {
    db.$client.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      head: { type: "string" },
      json: { type: "boolean" },
      checkpoint: { type: "string" },
      "public-key": { type: "string" },
      export: { type: "string" },
      sig: { type: "string" },
    },
    strict: true,
  });
  if (values.export !== undefined || values.sig !== undefined) {
    if (values.export === undefined || values.sig === undefined) throw new UsageError("--export FILE and --sig SIG go together");
    return verifyExport(values.export, values.sig, values["public-key"]);
  }
  return verifyDatabase(values);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:verify could not run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
