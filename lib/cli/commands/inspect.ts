/**
 * `sectigo inspect FILE [-p PASSWORD]`: what a download ZIP, a PKCS#12 (real Sectigo
 * RC2-40 files included, which OpenSSL 3 refuses without -legacy), a PEM certificate or
 * chain, a DER certificate, or a CSR file holds, as JSON. The kind is read from the
 * content, not the name. A private key is never printed: only that one is present.
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { defineCommand } from "../command";
import { CliError, isCliError, UsageError } from "../errors";
import {
  certificateView,
  csrView,
  detectKind,
  isPrivateKeyLabel,
  leafFirst,
  pemLabels,
  type CsrView,
} from "../inspect-view";
import { printJson, printNote } from "../output";
import type * as PkiModule from "@/lib/pki";
import type { CertificateInfo } from "@/lib/pki/types";
import { isPkiError, PkiError } from "@/lib/pki/errors";

type Pki = typeof PkiModule;

/** Downloads of big CSR batches can be a few MiB; nothing we read is larger than this. */
const MAX_INSPECT_BYTES = 64 * 1024 * 1024;
const PRIVATE_KEY_PRESENT = "present (not shown)";

export const inspectCommand = defineCommand({
  name: "inspect",
  synopsis: "FILE [-p PASSWORD]",
  summary: "decode a download ZIP, a PKCS#12, a PEM/DER certificate or chain, or a CSR file",
  flags: {
    password: { kind: "string", aliases: ["p"], usage: "the PKCS#12 password (for .p12 files and download ZIPs)", placeholder: "PASSWORD" },
  },
  async run(ctx, { flags, positionals }) {
    if (positionals.length !== 1) throw new UsageError("specify the path to one file to inspect");
    const given = positionals[0] as string;
    const bytes = await readInput(path.resolve(ctx.io.cwd, given), given);
    const kind = detectKind(bytes, given);
    // Loaded here, not at the top: lib/pki takes most of a second to load.
    const pki = await import("@/lib/pki");

    if (kind === "zip") {
      const inspection = withPasswordHint(given, flags.password, () => pki.inspectDownload(bytes, flags.password));
      printJson(ctx.io, {
        file: given,
        kind: "zip",
        entries: inspection.entries.map((e) => ({ name: e.name, kind: e.kind, certificates: e.certificates.map((c) => certificateView(c)) })),
      });
      return;
    }
    if (kind === "pkcs12") {
      if (bytes.byteLength > pki.MAX_PKCS12_BYTES) throw new PkiError("TOO_LARGE", `${given} is too large to be a PKCS#12 file.`);
      const { certificates, hasKey } = withPasswordHint(given, flags.password, () => openPkcs12(pki, bytes, flags.password ?? ""));
      printJson(ctx.io, {
        file: given,
        kind: "pkcs12",
        privateKey: hasKey ? PRIVATE_KEY_PRESENT : "none",
        certificates: certificates.map((c) => certificateView(c)),
      });
      return;
    }
    if (kind === "der") {
      printJson(ctx.io, derReport(pki, given, bytes));
      return;
    }
    if (kind === "pem") {
      const report = pemReport(pki, given, Buffer.from(bytes).toString("utf8"));
      printJson(ctx.io, report);
      const unusable = report.csrs?.filter((c) => "error" in c || !c.signatureValid).length ?? 0;
      if (unusable > 0) printNote(ctx.io, `warning: ${unusable} CSR(s) in ${given} cannot be submitted (see "error" and "problems")`);
      return;
    }
    throw new CliError(
      "UNKNOWN_INPUT",
      `${given} is not a download ZIP, a PKCS#12 file, a certificate or a CSR (PEM or DER); nothing to inspect`,
    );
  },
});

async function readInput(file: string, given: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new CliError("FILE_UNREADABLE", `could not read ${given}: not a file`);
    if (stat.size > MAX_INSPECT_BYTES) throw new CliError("FILE_UNREADABLE", `${given} is too large to inspect (over 64 MiB)`);
    return new Uint8Array(await fs.readFile(file));
  } catch (err) {
    if (isCliError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError("FILE_NOT_FOUND", `could not read ${given}: no such file`);
    throw new CliError("FILE_UNREADABLE", `could not read ${given}: ${code ?? "unknown error"}`);
  }
}

/** Without -p, "wrong password" really means "no password given": say which flag to add. */
function withPasswordHint<T>(given: string, password: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isPkiError(err) && err.code === "WRONG_PASSWORD" && !password) {
      throw new CliError("USAGE", `${given} is protected by a PKCS#12 password: give it with -p PASSWORD`);
    }
    throw err;
  }
}

/** The certificates of a PKCS#12, leaf first, and whether it has a key; the key itself is dropped here. */
function openPkcs12(pki: Pki, der: Uint8Array, password: string): { certificates: CertificateInfo[]; hasKey: boolean } {
  try {
    return { certificates: pki.readPkcs12(der, password).certificates, hasKey: true };
  } catch (err) {
    // A certificates-only PKCS#12 (or one with several keys) is still worth showing.
    if (isPkiError(err) && err.code === "BAD_PKCS12" && /private key/.test(err.message)) {
      return { certificates: pki.readPkcs12Certificates(der, password), hasKey: false };
    }
    throw err;
  }
}

function derReport(pki: Pki, file: string, der: Uint8Array) {
  try {
    return { file, kind: "certificate", certificates: [certificateView(pki.parseCertificate(der))] };
  } catch (certErr) {
    try {
      return { file, kind: "csr", csrs: [csrView(0, pki.parseCsrDer(der, { allowInvalidSignature: true }))] };
    } catch {
      throw certErr;
    }
  }
}

interface PemReport {
  file: string;
  kind: "certificates" | "csr";
  privateKey?: string;
  certificates?: ReturnType<typeof certificateView>[];
  csrs?: CsrView[];
}

function pemReport(pki: Pki, file: string, text: string): PemReport {
  const labels = pemLabels(text);
  const privateKey = labels.some(isPrivateKeyLabel) ? { privateKey: PRIVATE_KEY_PRESENT } : {};
  if (labels.some((l) => (pki.CSR_LABELS as readonly string[]).includes(l))) {
    // Each block on its own, forged ones included, so the report shows what they claim.
    const csrs = pki.readPemBlocks(text, { labels: pki.CSR_LABELS, noun: "CSR" }).map((block): CsrView => {
      if (!block.ok) return { index: block.index + 1, error: block.error.toJSON() };
      try {
        return csrView(block.index, pki.parseCsrDer(block.der, { allowInvalidSignature: true }));
      } catch (err) {
        if (isPkiError(err)) return { index: block.index + 1, error: err.toJSON() };
        throw err;
      }
    });
    return { file, kind: "csr", ...privateKey, csrs };
  }
  const certLabels: readonly string[] = pki.CERTIFICATE_LABELS;
  if (labels.some((l) => certLabels.includes(l))) {
    // openssl pkcs12 -nodes output mixes keys and certificates: read the certificate blocks only.
    const certBlocks = pki
      .readPemBlocks(text, { labels: pki.CERTIFICATE_LABELS, noun: "certificate" })
      .filter((b) => b.ok || certLabels.includes(b.label));
    const pem = certBlocks.map((b) => (b.ok ? pki.toPem(b.der, "CERTIFICATE") : "")).join("");
    const bad = certBlocks.find((b) => !b.ok);
    if (bad && !bad.ok) throw new PkiError(bad.error.code, `Certificate ${bad.index + 1}: ${bad.error.message}`);
    return { file, kind: "certificates", ...privateKey, certificates: leafFirst(pki.parseCertificates(pem)).map((c) => certificateView(c)) };
  }
  if (labels.length > 0 && labels.every(isPrivateKeyLabel)) {
    throw new CliError("UNKNOWN_INPUT", `${file} holds only a private key; inspect shows certificates, CSRs, PKCS#12 files and download ZIPs`);
  }
  throw new CliError("UNKNOWN_INPUT", `${file} has PEM blocks (${labels.join(", ")}) but no certificate or CSR to inspect`);
}
