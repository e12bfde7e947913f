/**
 * Writes straight into the E2E portal's SQLite file, for states the portal cannot be driven
 * into through its pages: a certificate in the inventory that Sectigo has never heard of, or
 * one that expires within days.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

const DATABASE = path.resolve(process.env.E2E_DATABASE ?? ".e2e/data/portal.db");
const DAY_MS = 86_400_000;

/** Inserts a valid imported certificate (profile 17) with a fresh serial of `prefix`; returns the serial. */
function insertImported(commonName: string, prefix: string, notBefore: number, notAfter: number): string {
  const serial = `${prefix}${randomBytes(8).toString("hex").toUpperCase()}`;
  const now = new Date().toISOString();
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      `INSERT INTO certificates (serial, common_name, sans, status, source, profile_id, profile_name, not_before, not_after, created_at, updated_at)
       VALUES (?, ?, ?, 'valid', 'import', 17, 'CipherTrace EE', ?, ?, ?, ?)`,
    ).run(serial, commonName, commonName, new Date(notBefore).toISOString(), new Date(notAfter).toISOString(), now, now);
  } finally {
    db.close();
  }
  return serial;
}

/** Adds an imported certificate (profile 17, valid for a year) with a fresh serial; returns the serial. */
export function insertUnknownToSectigo(commonName: string): string {
  return insertImported(commonName, "7E", Date.now() - DAY_MS, Date.now() + 365 * DAY_MS);
}

/** Adds a valid imported certificate that expires `days` from now (for the expiry views); returns the serial. */
export function insertExpiringCertificate(commonName: string, days: number): string {
  return insertImported(commonName, "7F", Date.now() - 300 * DAY_MS, Date.now() + days * DAY_MS);
}
