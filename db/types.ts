/**
 * What code outside db/ may know about the tables: the row types (type-only, so nothing of
 * Drizzle is loaded) and the closed value lists. Queries live in db/queries/<table>.ts.
 */
export type {
  AuditRow,
  Batch,
  Certificate,
  LoginAttempt,
  NewBatch,
  NewCertificate,
  NewSession,
  NewUser,
  Revocation,
  RevocationRequest,
  SectigoTokenRow,
  Session,
  Setting,
  User,
  UserFactor,
  RecoveryCode,
  Note,
  CalendarFeed,
} from "./schema";
export * from "./enums";
