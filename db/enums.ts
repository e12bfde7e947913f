/**
 * The closed value lists of the portal's tables, with their TypeScript unions. Kept apart from
 * db/schema.ts so that pages and domain code can use them without loading Drizzle (the layer
 * rules in eslint.config.mjs allow `@/db/types` outside db/, never `@/db/schema`).
 */
export const USER_ROLES = ["admin", "operator", "support", "auditor"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const BATCH_KINDS = ["single", "csr"] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** The portal's own view of a batch, driven by the batch decision table (docs/sectigo-protocol.md §4.2). */
export const BATCH_STATES = [
  "submitted",
  "processing",
  "ready",
  "downloaded",
  "indexed",
  "rejected",
  "errored",
  "unknown",
] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export const CERTIFICATE_STATUSES = ["valid", "revoked"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CERTIFICATE_SOURCES = ["batch", "find", "import"] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

export const REVOCATION_OUTCOMES = ["pending", "succeeded", "failed", "unknown"] as const;
export type RevocationOutcome = (typeof REVOCATION_OUTCOMES)[number];

/**
 * A revocation request waiting for a second person (docs/security.md S20): pending until
 * approved (the revocation then runs), rejected, withdrawn by its requester, or expired.
 * An emergency revocation (key compromise, when allowed) ran at once and waits for a second
 * person's acknowledgement instead: `emergency` until `acknowledged`.
 */
export const REVOCATION_REQUEST_STATES = ["pending", "approved", "rejected", "withdrawn", "expired", "emergency", "acknowledged"] as const;
export type RevocationRequestState = (typeof REVOCATION_REQUEST_STATES)[number];

export const AUDIT_OUTCOMES = ["requested", "succeeded", "failed", "unknown", "denied", "info"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * How far a session has got: `full` may use the portal; `factor` has given the password and
 * must give a second factor; `enrol` must enrol one first (the factor policy asks it of the
 * role). Only lib/auth moves a session on.
 */
export const SESSION_STAGES = ["full", "factor", "enrol"] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

/** Second factors an account can hold. */
export const FACTOR_KINDS = ["totp", "passkey"] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

/** What a WebAuthn challenge was handed out for: it answers nothing else. */
export const WEBAUTHN_PURPOSES = ["register", "sign-in", "factor", "step-up"] as const;
export type WebauthnPurpose = (typeof WEBAUTHN_PURPOSES)[number];

/** What a note can be written on. */
export const NOTE_SUBJECTS = ["certificate", "batch"] as const;
export type NoteSubject = (typeof NOTE_SUBJECTS)[number];

/** How an expiry notice reaches people; `portal` is the record kept when nothing is configured. */
export const NOTICE_CHANNELS = ["email", "webhook", "portal"] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/** A notice delivery: waiting (first try or a retry), delivered, or failed for good. */
export const NOTICE_STATES = ["pending", "delivered", "failed"] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
