/**
 * "Ask Sectigo": a live find by exact common name or serial, merged into the inventory.
 *
 * Rules:
 * - What find returns is all the portal learns about a certificate it did not issue: the
 *   serial, the subject (Sectigo sends the whole DN as `commonName`), a status text, a
 *   creation date and a device id. Such a row has source `find` and no PEM, validity or
 *   profile; its status shows as "unknown" (never "valid") and the detail page says so.
 * - Merging never loses what the inventory knew (db upsert rules); a certificate Sectigo
 *   shows REVOKED is marked revoked, never the other way round.
 * - The find is audited as `certificate.find` with outcome `info` (it changes nothing at
 *   Sectigo), also when Sectigo refused it.
 */
import "server-only";
import { writeTx, type Db, type Tx } from "@/db/client";
import { getCertificateBySerial, upsertCertificate } from "@/db/queries/certificates";
import { appendAudit, recordAudit } from "@/lib/audit/append";
import type { ActorContext } from "@/lib/domain/context";
import { InvalidInputError, sectigoAppError } from "@/lib/domain/errors";
import { normalizeSerial } from "@/lib/pki/serial";
import { printable } from "@/lib/pki/text-safety";
import { normalizeBatchStatus } from "@/lib/sectigo/batch-state";
import { isSectigoError } from "@/lib/sectigo/errors";
import type { FindCertificateResponse, FoundCertificate } from "@/lib/sectigo/schemas";
import { rowDtoFromCertificate, type CertificateRowDto } from "./certificate-dto";

export interface AskSectigoInput {
  commonName?: string;
  serial?: string;
}

export interface AskSectigoResult {
  /** items Sectigo returned */
  found: number;
  /** certificates the inventory did not know before */
  added: number;
  /** known certificates whose Sectigo status (or revocation) was refreshed */
  updated: number;
  items: CertificateRowDto[];
}

/** The CN of a subject DN string ("CN=a.example.com,O=…" → "a.example.com"); a bare name stays as is. */
export function commonNameOf(subject: string): string {
  const match = /(?:^|[,/+]\s*)CN=((?:\\,|[^,+/])+)/i.exec(subject);
  return (match?.[1] ?? subject).replace(/\\,/g, ",").trim();
}

function looksLikeDn(text: string): boolean {
  return /(^|,)\s*[A-Za-z]{1,8}=/.test(text);
}

function validate(input: AskSectigoInput): { commonName?: string; serial?: string } {
  const commonName = input.commonName?.trim() ?? "";
  const serialText = input.serial?.trim() ?? "";
  if (commonName === "" && serialText === "") {
    throw new InvalidInputError({ form: ["Give an exact common name or a serial number to ask Sectigo about."] });
  }
  const out: { commonName?: string; serial?: string } = {};
  if (commonName !== "") {
    if (commonName.length > 253 || /[\u0000-\u001f\u007f]/.test(commonName)) {
      throw new InvalidInputError({ commonName: ["A common name is one line of at most 253 characters."] });
    }
    out.commonName = commonName;
  }
  if (serialText !== "") {
    try {
      out.serial = normalizeSerial(serialText);
    } catch {
      throw new InvalidInputError({ serial: [`"${printable(serialText, 40)}" is not a serial number. Use hex (4F:2A:… or 4f2a…) or decimal digits.`] });
    }
  }
  return out;
}

/** A line of Sectigo's text, printable and bounded; null when empty. */
function oneLine(text: string, max: number): string | null {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean === "" ? null : clean.slice(0, max);
}

/** Sectigo's creationDate ("2026-01-05T10:00:00.000+0000") as ISO; its own text when it cannot be read. */
export function sectigoDate(text: string): string | null {
  const raw = oneLine(text, 40);
  if (raw === null) return null;
  const ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : raw;
}

/** Merges the found items inside the caller's transaction (`db` is the same connection, for reads). */
function merge(tx: Tx, db: Db, items: FoundCertificate[]): { added: number; updated: number; serials: string[] } {
  let added = 0;
  let updated = 0;
  const serials: string[] = [];
  for (const item of items) {
    let serial: string;
    try {
      serial = normalizeSerial(item.serialNumber);
    } catch {
      continue; // not a serial the inventory can hold; it is still counted in `found`
    }
    const status = normalizeBatchStatus(item.status);
    const existing = getCertificateBySerial(db, serial);
    const subject = item.commonName.trim();
    upsertCertificate(tx, {
      serial,
      // A known certificate keeps its decoded CN; find only names the unknown ones.
      commonName: existing?.commonName ?? (commonNameOf(subject) || serial),
      subjectDn: existing?.subjectDn ?? (looksLikeDn(subject) ? subject : null),
      source: "find",
      sectigoStatus: status || null,
      sectigoCreatedAt: sectigoDate(item.creationDate),
      sectigoDeviceId: oneLine(item.deviceId, 100),
      status: status === "REVOKED" ? "revoked" : "valid",
    });
    if (!existing) added++;
    else if (existing.sectigoStatus !== (status || null) || (status === "REVOKED" && existing.status !== "revoked")) updated++;
    if (!serials.includes(serial)) serials.push(serial);
  }
  return { added, updated, serials };
}

export async function askSectigo(ctx: ActorContext, input: AskSectigoInput): Promise<AskSectigoResult> {
  const query = validate(input);
  const asked = { ...(query.commonName ? { commonName: query.commonName } : {}), ...(query.serial ? { serial: query.serial } : {}) };
  let reply: FindCertificateResponse;
  try {
    reply = await ctx.client.findCertificate({ commonName: query.commonName, serialNumber: query.serial });
  } catch (err) {
    const appErr = sectigoAppError(err, {
      operation: "find",
      subject: query.serial ? `serial ${query.serial}` : `the common name ${query.commonName ?? ""}`,
    });
    recordAudit(ctx.db, {
      actor: ctx.actor,
      action: "certificate.find",
      outcome: "info",
      ip: ctx.ip ?? null,
      target: query.serial ? { type: "certificate", id: query.serial } : null,
      details: { ...asked, errorCode: isSectigoError(err) ? err.code : appErr.code, reached: isSectigoError(err) ? err.reached : undefined },
    });
    throw appErr;
  }
  // The merge and its audit entry commit together.
  const { added, updated, serials } = writeTx(ctx.db, (tx) => {
    const merged = merge(tx, ctx.db, reply.items);
    appendAudit(tx, {
      actor: ctx.actor,
      action: "certificate.find",
      outcome: "info",
      ip: ctx.ip ?? null,
      target: query.serial ? { type: "certificate", id: query.serial } : null,
      details: { ...asked, found: reply.items.length, added: merged.added, updated: merged.updated, serials: merged.serials.slice(0, 50) },
    });
    return merged;
  });
  const now = new Date();
  const items = serials.flatMap((s) => {
    const row = getCertificateBySerial(ctx.db, s);
    return row ? [rowDtoFromCertificate(row, now)] : [];
  });
  return { found: reply.items.length, added, updated, items };
}
