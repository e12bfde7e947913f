/**
 * Certificates and reissue batches for the expiry watch, written straight into the E2E portal's
 * SQLite file: dates weeks away and batches stuck at Sectigo cannot be made through the pages.
 * Serials are fresh per call; a reissue batch has no Sectigo id, so the batch poller leaves it
 * in flight.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";

const DATABASE = path.resolve(process.env.E2E_DATABASE ?? ".e2e/data/portal.db");
const DAY_MS = 86_400_000;

function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

/** Adds a valid imported certificate expiring `days` from now (negative: expired); returns its serial. */
export function insertCertificateExpiringIn(commonName: string, days: number, replacesSerial: string | null = null): string {
  const serial = `7E${randomBytes(8).toString("hex").toUpperCase()}`;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  withDb((db) =>
    db
      .prepare(
        `INSERT INTO certificates (serial, common_name, sans, status, source, profile_id, profile_name, not_before, not_after, replaces_serial, created_at, updated_at)
         VALUES (?, ?, ?, 'valid', 'import', 17, 'CipherTrace EE', ?, ?, ?, ?, ?)`,
      )
      .run(serial, commonName, commonName, iso(now + (days - 365) * DAY_MS), iso(now + days * DAY_MS), replacesSerial, iso(now), iso(now)),
  );
  return serial;
}

/** Adds a reissue batch for `serial` still processing; returns its local id. */
export function insertReissueInFlight(serial: string, commonName: string): number {
  const now = new Date().toISOString();
  return withDb((db) =>
    Number(
      db
        .prepare(
          `INSERT INTO batches (kind, batch_name, common_name, dns_names, profile_id, profile_name, state, size, reissue_of_serial, created_at, updated_at)
           VALUES ('single', ?, ?, ?, 17, 'CipherTrace EE', 'processing', 1, ?, ?, ?)`,
        )
        .run(`reissue-${serial}`, commonName, commonName, serial, now, now).lastInsertRowid,
    ),
  );
}
