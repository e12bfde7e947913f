/**
 * The portal's tables (Drizzle, SQLite). Tables are plural camelCase in TypeScript and
 * snake_case in SQL; row types are inferred from here and never redeclared elsewhere.
 *
 * Rules kept by this schema:
 * - Every timestamp is ISO-8601 UTC text with milliseconds (`Date#toISOString()`, always
 *   24 characters), so text order is time order and range filters can use an index.
 *   `db/time.ts` is the one way to make them.
 * - Secrets at rest (Sectigo tokens, PKCS#12 passwords) are stored only as `lib/crypto`
 *   secret-box ciphertext (`*_enc` columns). The certificate inventory holds public parts only.
 * - The audit log is append-only: triggers in the custom migration refuse UPDATE and DELETE.
 *   Its chain rules live in `lib/audit/`.
 * - The certificates FTS5 trigram index and its triggers live in a drizzle-kit custom
 *   migration (`drizzle/*_certificates_fts.sql`), because Drizzle cannot declare virtual
 *   tables or triggers.
 *
 * No `import "server-only"` here: drizzle-kit loads this file outside any React condition to
 * generate migrations. The file only declares tables; `db/client.ts` is the guarded entry.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { AUDIT_OUTCOMES, BATCH_KINDS, BATCH_STATES, CERTIFICATE_SOURCES, CERTIFICATE_STATUSES, FACTOR_KINDS, REVOCATION_OUTCOMES, REVOCATION_REQUEST_STATES, SESSION_STAGES, NOTE_SUBJECTS, NOTICE_CHANNELS, NOTICE_STATES, USER_ROLES, WEBAUTHN_PURPOSES } from "./enums";


/** `'a','b'` for a CHECK … IN (…) built from one of the constant lists above. */
function inList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v}'`).join(", "));
}

/** A CHECK that a non-null timestamp has the exact `toISOString()` shape. */
function isoShape(column: string) {
  return sql.raw(`${column} IS NULL OR (length(${column}) = 24 AND ${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')`);
}

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role", { enum: USER_ROLES }).notNull(),
    /** scrypt/argon2 hash made by lib/auth; never leaves the server. */
    passwordHash: text("password_hash").notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    /** Bumped to end every session of the user at once (logout everywhere, disable, role change). */
    sessionEpoch: integer("session_epoch").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    lastLoginAt: text("last_login_at"),
  },
  (t) => [
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
    check("users_role_known", sql`${t.role} IN (${inList(USER_ROLES)})`),
  ],
);

/**
 * Server-side session records: a session is valid only while its row is open, so logout,
 * disabling an account or changing its role can end it at once. Limits (12 h absolute,
 * 30 min idle) are enforced by lib/auth from created_at / last_seen_at.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    /** 32+ random bytes, base64url. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    endedAt: text("ended_at"),
    /** e.g. logout, idle, expired, disabled, role-changed, epoch */
    endReason: text("end_reason"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** SESSION_STAGES: only a `full` session may use the portal */
    stage: text("stage", { enum: SESSION_STAGES }).notNull().default("full"),
    /** when a second factor was last given in this session (step-up counts from here) */
    factorAt: text("factor_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.endedAt), check("sessions_stage_known", sql`${t.stage} IN (${inList(SESSION_STAGES)})`)],
);

/**
 * Second factors (docs/security.md S16): an authenticator app (TOTP) or a passkey. A TOTP
 * secret is kept only as secret-box ciphertext; `totp_last_step` is the last time step whose
 * code was accepted, so a code is never accepted twice. An unconfirmed TOTP (no confirmed_at)
 * is an enrolment in progress and does not count as a factor.
 */
export const userFactors = sqliteTable(
  "user_factors",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FACTOR_KINDS }).notNull(),
    /** the person's name for it ("Work laptop", "Authenticator app") */
    name: text("name").notNull(),
    createdAt: text("created_at").notNull(),
    confirmedAt: text("confirmed_at"),
    lastUsedAt: text("last_used_at"),
    totpSecretEnc: text("totp_secret_enc"),
    totpLastStep: integer("totp_last_step"),
    /** passkeys: the credential id (base64url), its public key (base64url COSE) and signature counter */
    credentialId: text("credential_id").unique(),
    publicKey: text("public_key"),
    signCount: integer("sign_count"),
    transports: text("transports"),
  },
  (t) => [index("user_factors_user_idx").on(t.userId), check("user_factors_kind_known", sql`${t.kind} IN (${inList(FACTOR_KINDS)})`)],
);

/** Single-use recovery codes, stored as SHA-256 hashes (each code holds 50 random bits). */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId), uniqueIndex("recovery_codes_hash_idx").on(t.userId, t.codeHash)],
);

/**
 * WebAuthn challenges the portal has handed out and not yet seen answered (docs/security.md
 * S18). A challenge is used once: answering deletes its row, whatever the outcome. Those for
 * an account (adding a passkey, the second step of sign-in, step-up) name it; a sign-in with a
 * passkey alone starts before anyone is known, so its challenge names nobody.
 */
export const webauthnChallenges = sqliteTable(
  "webauthn_challenges",
  {
    /** base64url, 32 random bytes */
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: WEBAUTHN_PURPOSES }).notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("webauthn_challenges_expiry_idx").on(t.expiresAt), check("webauthn_challenges_purpose_known", sql`${t.purpose} IN (${inList(WEBAUTHN_PURPOSES)})`)],
);

/**
 * Login attempts, one row each, for throttling per account and per address (docs/security.md S7).
 * `key` is `account:<lower-case email>` or `ip:<address>`; a throttle counts failures of a key
 * in a sliding window through the (key, at) index. Old rows may be pruned by time.
 */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey(),
    key: text("key").notNull(),
    at: text("at").notNull(),
    success: integer("success", { mode: "boolean" }).notNull(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at), index("login_attempts_at_idx").on(t.at)],
);

/** Cached Sectigo tokens, one row per (endpoint, username); never the password. */
export const sectigoTokens = sqliteTable(
  "sectigo_tokens",
  {
    id: integer("id").primaryKey(),
    endpoint: text("endpoint").notNull(),
    username: text("username").notNull(),
    /** secret-box ciphertext */
    accessTokenEnc: text("access_token_enc"),
    /** secret-box ciphertext */
    refreshTokenEnc: text("refresh_token_enc"),
    subject: text("subject"),
    issuedAt: text("issued_at"),
    expiresAt: text("expires_at"),
    notBefore: text("not_before"),
    refreshBy: text("refresh_by"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("sectigo_tokens_endpoint_username_uq").on(t.endpoint, t.username)],
);

/**
 * Batches the portal submitted. A row is written in the same transaction as the audit intent,
 * before the Sectigo call (state `submitted`, no Sectigo id yet), so that the PKCS#12 password
 * survives a crash during the call; the outcome fills in `sectigo_batch_id`.
 */
export const batches = sqliteTable(
  "batches",
  {
    id: integer("id").primaryKey(),
    sectigoBatchId: integer("sectigo_batch_id").unique(),
    kind: text("kind", { enum: BATCH_KINDS }).notNull(),
    authorityId: integer("authority_id"),
    profileId: integer("profile_id"),
    profileName: text("profile_name"),
    batchName: text("batch_name").notNull(),
    /** single-certificate batches only */
    commonName: text("common_name"),
    /** "\n"-joined DNS names */
    dnsNames: text("dns_names"),
    /** normalized Sectigo status text (PROCESSING, READY_FOR_DOWNLOAD, …) */
    status: text("status"),
    state: text("state", { enum: BATCH_STATES }).notNull().default("submitted"),
    rejectReason: text("reject_reason"),
    size: integer("size"),
    active: integer("active"),
    success: integer("success"),
    failed: integer("failed"),
    /** secret-box ciphertext; wiped (NULL) once the batch is downloaded and indexed */
    pkcs12PasswordEnc: text("pkcs12_password_enc"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    lastCheckedAt: text("last_checked_at"),
    nextCheckAt: text("next_check_at"),
    downloadedAt: text("downloaded_at"),
    indexedAt: text("indexed_at"),
    /** a sentence for the batch page (sectigoFailureMessage), never a raw internal message */
    lastError: text("last_error"),
    /**
     * What a retry of a failed create needs, all of it public: a single certificate's typed
     * names and subject fields as JSON (never the PKCS#12 password), or a CSR batch's PEM text.
     */
    createInput: text("create_input"),
    csrText: text("csr_text"),
    /**
     * Who settled an unknown create, when, and (for "Sectigo did not create it") why. A batch
     * closed that way is `errored` with a resolution note: adding a state would mean
     * rebuilding the table (its CHECK), which the one-transaction migrator cannot do without
     * clearing certificates.batch_id through the foreign key.
     */
    resolvedByEmail: text("resolved_by_email"),
    resolvedAt: text("resolved_at"),
    resolutionNote: text("resolution_note"),
    /**
     * The certificate (canonical serial) this batch replaces, for a reissue. A serial, not a
     * foreign key: certificates already point at batches, and a batch outlives an inventory rebuild.
     */
    reissueOfSerial: text("reissue_of_serial"),
  },
  (t) => [
    index("batches_state_next_check_idx").on(t.state, t.nextCheckAt),
    index("batches_reissue_of_idx").on(t.reissueOfSerial).where(sql`reissue_of_serial IS NOT NULL`),
    index("batches_created_at_idx").on(t.createdAt),
    check("batches_kind_known", sql`${t.kind} IN (${inList(BATCH_KINDS)})`),
    check("batches_state_known", sql`${t.state} IN (${inList(BATCH_STATES)})`),
  ],
);

/**
 * The local certificate inventory: public parts only. `id` is an INTEGER PRIMARY KEY (a stable
 * rowid) because the FTS5 external-content index keys on it, and VACUUM may renumber implicit
 * rowids; `serial` (upper-case hex, no colons) is the natural key, UNIQUE.
 * Expiry is not stored as a status: it is computed from `not_after`.
 */
export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey(),
    serial: text("serial").notNull().unique(),
    commonName: text("common_name").notNull(),
    /** "\n"-joined DNS names */
    sans: text("sans").notNull().default(""),
    subjectDn: text("subject_dn"),
    issuerDn: text("issuer_dn"),
    notBefore: text("not_before"),
    notAfter: text("not_after"),
    profileId: integer("profile_id"),
    profileName: text("profile_name"),
    batchId: integer("batch_id").references(() => batches.id, { onDelete: "set null" }),
    status: text("status", { enum: CERTIFICATE_STATUSES }).notNull().default("valid"),
    source: text("source", { enum: CERTIFICATE_SOURCES }).notNull(),
    /** the status text Sectigo's find last returned */
    sectigoStatus: text("sectigo_status"),
    /** the creationDate Sectigo's find returned (ISO when it could be read, else its text) */
    sectigoCreatedAt: text("sectigo_created_at"),
    /** the deviceId Sectigo's find returned */
    sectigoDeviceId: text("sectigo_device_id"),
    /** NULL when the certificate is known only from a Sectigo find */
    pem: text("pem"),
    chainPem: text("chain_pem"),
    fingerprintSha256: text("fingerprint_sha256"),
    keyAlgorithm: text("key_algorithm"),
    keySize: integer("key_size"),
    revokedAt: text("revoked_at"),
    /** RFC 5280 CRLReason code */
    revocationReason: integer("revocation_reason"),
    revokedBy: integer("revoked_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** the certificate (canonical serial) this one replaces; set when a reissue batch is indexed */
    replacesSerial: text("replaces_serial"),
  },
  (t) => [
    index("certificates_not_after_idx").on(t.notAfter),
    // "replaced by" is the reverse lookup; few certificates are reissues, so the index stays small.
    index("certificates_replaces_idx").on(t.replacesSerial).where(sql`replaces_serial IS NOT NULL`),
    index("certificates_common_name_idx").on(t.commonName),
    index("certificates_batch_id_idx").on(t.batchId),
    index("certificates_status_idx").on(t.status, t.notAfter),
    index("certificates_profile_id_idx").on(t.profileId),
    check("certificates_serial_hex", sql`${t.serial} <> '' AND ${t.serial} NOT GLOB '*[^0-9A-F]*'`),
    check("certificates_status_known", sql`${t.status} IN (${inList(CERTIFICATE_STATUSES)})`),
    check("certificates_source_known", sql`${t.source} IN (${inList(CERTIFICATE_SOURCES)})`),
    check("certificates_not_before_iso", isoShape("not_before")),
    check("certificates_not_after_iso", isoShape("not_after")),
    check(
      "certificates_reason_code",
      sql`${t.revocationReason} IS NULL OR (${t.revocationReason} BETWEEN 0 AND 10 AND ${t.revocationReason} <> 7)`,
    ),
  ],
);

/**
 * Revocation requests. The partial UNIQUE index allows at most one pending or succeeded
 * revocation per serial, so concurrent or repeated revokes yield exactly one (docs/security.md S8);
 * failed and unknown attempts may be retried. No foreign key on serial: a revocation is kept
 * even if the inventory row is rebuilt.
 */
export const revocations = sqliteTable(
  "revocations",
  {
    id: integer("id").primaryKey(),
    serial: text("serial").notNull(),
    reasonCode: integer("reason_code").notNull(),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: text("requested_at").notNull(),
    outcome: text("outcome", { enum: REVOCATION_OUTCOMES }).notNull().default("pending"),
    completedAt: text("completed_at"),
    error: text("error"),
  },
  (t) => [
    uniqueIndex("revocations_one_active_uq").on(t.serial).where(sql`outcome IN ('pending', 'succeeded')`),
    index("revocations_serial_idx").on(t.serial, t.requestedAt),
    index("revocations_requested_at_idx").on(t.requestedAt),
    check("revocations_outcome_known", sql`${t.outcome} IN (${inList(REVOCATION_OUTCOMES)})`),
    check("revocations_reason_code", sql`${t.reasonCode} BETWEEN 0 AND 10 AND ${t.reasonCode} <> 7`),
  ],
);

/**
 * Revocations that need a second person (docs/security.md S20). The impact is frozen as JSON
 * when the request is made, so the approver sees what the requester saw. A request changes
 * state once, by a compare-and-set on `state` (two approvals at once: one wins).
 */
export const revocationRequests = sqliteTable(
  "revocation_requests",
  {
    id: integer("id").primaryKey(),
    /** JSON array of canonical serials */
    serials: text("serials").notNull(),
    reasonCode: integer("reason_code").notNull(),
    comment: text("comment").notNull().default(""),
    /** JSON: the impact preview at request time */
    impact: text("impact").notNull(),
    // No cascade: a request is evidence, it outlives nothing it names (accounts are only disabled).
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: text("requested_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    state: text("state", { enum: REVOCATION_REQUEST_STATES }).notNull().default("pending"),
    decidedBy: integer("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: text("decided_at"),
    decisionNote: text("decision_note"),
    /** JSON: the revocation's summary once approved (or run as an emergency) */
    result: text("result"),
  },
  (t) => [
    index("revocation_requests_state_idx").on(t.state, t.expiresAt),
    check("revocation_requests_state_known", sql`${t.state} IN (${inList(REVOCATION_REQUEST_STATES)})`),
    check("revocation_requests_reason_code", sql`${t.reasonCode} BETWEEN 0 AND 10 AND ${t.reasonCode} <> 7`),
  ],
);

/**
 * The tamper-evident audit log. `seq` is gapless (max+1 inside the writing transaction) and
 * `hash` chains every entry to the previous one; see lib/audit/ for the rules. No foreign
 * keys: an entry must outlive the user or object it names.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey(),
    at: text("at").notNull(),
    actorId: integer("actor_id"),
    actorEmail: text("actor_email").notNull(),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    /** the seq of the intent this outcome closes; NULL otherwise */
    intentSeq: integer("intent_seq"),
    ip: text("ip"),
    /** canonical JSON text */
    details: text("details").notNull().default("{}"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_log_action_idx").on(t.action),
    // Actor, then action: the audit page's "who did what" filter counts from this index alone,
    // with no row lookups, and an actor filter alone still uses its first column.
    index("audit_log_actor_action_idx").on(t.actorEmail, t.action),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    index("audit_log_at_idx").on(t.at),
    // Outcome, then time: "failed, on this day" reads only that day's failures, where the time
    // index alone read every entry of the day to test its outcome; an outcome filter alone
    // counts inside it without reading a row (db/queries/audit-log.ts: when a page uses it).
    index("audit_log_outcome_at_idx").on(t.outcome, t.at),
    index("audit_log_intent_seq_idx").on(t.intentSeq),
    // Start-up recovery looks for intents without an outcome; keep that scan off the big table.
    index("audit_log_requested_idx").on(t.seq).where(sql`outcome = 'requested'`),
    check("audit_log_outcome_known", sql`${t.outcome} IN (${inList(AUDIT_OUTCOMES)})`),
    check("audit_log_at_iso", isoShape("at")),
    check("audit_log_intent_before", sql`${t.intentSeq} IS NULL OR ${t.intentSeq} < ${t.seq}`),
    check("audit_log_hashes_hex", sql`length(${t.hash}) = 64 AND length(${t.prevHash}) = 64`),
  ],
);

/**
 * Signed audit checkpoints (lib/audit/checkpoints.ts): the chain's head at a moment, signed
 * with the audit signing key, which is kept outside this database. Append-only like the log:
 * triggers in drizzle/0009_signed_checkpoints.sql refuse UPDATE and DELETE.
 */
export const auditCheckpoints = sqliteTable(
  "audit_checkpoints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    seq: integer("seq").notNull(),
    headHash: text("head_hash").notNull(),
    at: text("at").notNull(),
    keyId: text("key_id").notNull(),
    /** base64 of the 64-byte Ed25519 signature over the canonical checkpoint */
    signature: text("signature").notNull(),
    /** the signer's public key (SPKI PEM), for display; a verifier trusts only a key it got elsewhere */
    publicKey: text("public_key").notNull(),
  },
  (t) => [
    index("audit_checkpoints_seq_idx").on(t.seq),
    check("audit_checkpoints_at_iso", isoShape("at")),
    check("audit_checkpoints_hash_hex", sql`length(${t.headHash}) = 64`),
  ],
);

/**
 * Notes on a certificate (subject id: canonical serial) or a batch (subject id: the portal's
 * batch id). Append-only: triggers in drizzle/0010_expiry_reissue_notes.sql refuse UPDATE and
 * DELETE, so a note is evidence like the audit entry that records it. The author's e-mail is
 * copied in so the note still says who wrote it after the account is renamed or disabled.
 */
export const notes = sqliteTable(
  "notes",
  {
    id: integer("id").primaryKey(),
    subjectType: text("subject_type", { enum: NOTE_SUBJECTS }).notNull(),
    subjectId: text("subject_id").notNull(),
    body: text("body").notNull(),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    authorEmail: text("author_email").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("notes_subject_idx").on(t.subjectType, t.subjectId, t.createdAt),
    check("notes_subject_known", sql`${t.subjectType} IN (${inList(NOTE_SUBJECTS)})`),
    check("notes_created_at_iso", isoShape("created_at")),
    check("notes_body_length", sql`length(${t.body}) BETWEEN 1 AND 4000`),
  ],
);

/**
 * Expiry notices already sent: one row per certificate and threshold (30, 14, 7, 1 days), so a
 * certificate is notified once per threshold, across restarts. Written in the same transaction
 * as the deliveries that carry it.
 */
export const expiryNotices = sqliteTable(
  "expiry_notices",
  {
    serial: text("serial").notNull(),
    thresholdDays: integer("threshold_days").notNull(),
    notifiedAt: text("notified_at").notNull(),
  },
  (t) => [
    uniqueIndex("expiry_notices_serial_threshold_uq").on(t.serial, t.thresholdDays),
    check("expiry_notices_notified_at_iso", isoShape("notified_at")),
  ],
);

/**
 * The e-mail log: every notice the portal sent or tried to send, one row per recipient and
 * channel. `payload` is the digest as JSON (public facts about certificates only). A failed
 * delivery waits for `next_attempt_at` and is retried by the notice job; it never blocks others.
 */
export const noticeDeliveries = sqliteTable(
  "notice_deliveries",
  {
    id: integer("id").primaryKey(),
    createdAt: text("created_at").notNull(),
    channel: text("channel", { enum: NOTICE_CHANNELS }).notNull(),
    /** an e-mail address, the webhook URL's origin, or "portal" */
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    /** JSON array of canonical serials the digest lists */
    serials: text("serials").notNull(),
    /** JSON: the digest (what the message says) */
    payload: text("payload").notNull(),
    state: text("state", { enum: NOTICE_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: text("last_attempt_at"),
    nextAttemptAt: text("next_attempt_at"),
    deliveredAt: text("delivered_at"),
    /** the server's answer to the last attempt (an SMTP reply or an HTTP status line) */
    serverAnswer: text("server_answer"),
  },
  (t) => [
    index("notice_deliveries_created_at_idx").on(t.createdAt),
    index("notice_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    check("notice_deliveries_channel_known", sql`${t.channel} IN (${inList(NOTICE_CHANNELS)})`),
    check("notice_deliveries_state_known", sql`${t.state} IN (${inList(NOTICE_STATES)})`),
    check("notice_deliveries_created_at_iso", isoShape("created_at")),
  ],
);

/**
 * Per-user calendar (ICS) feeds of upcoming expiries. The URL carries a random token; only its
 * SHA-256 is stored. Revoking sets `revoked_at`; the URL then answers 404.
 */
export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** hex SHA-256 of the URL's token */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
  },
  (t) => [index("calendar_feeds_user_idx").on(t.userId)],
);

/** Portal settings (JSON values). `audit.checkpoint` holds the audit chain head, see lib/audit. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  /** JSON text */
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type LoginAttempt = typeof loginAttempts.$inferSelect;
export type SectigoTokenRow = typeof sectigoTokens.$inferSelect;
export type Batch = typeof batches.$inferSelect;
export type NewBatch = typeof batches.$inferInsert;
export type Certificate = typeof certificates.$inferSelect;
export type NewCertificate = typeof certificates.$inferInsert;
export type Revocation = typeof revocations.$inferSelect;
export type RevocationRequest = typeof revocationRequests.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type Setting = typeof settings.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;
export type UserFactor = typeof userFactors.$inferSelect;
export type RecoveryCode = typeof recoveryCodes.$inferSelect;
export type Note = typeof notes.$inferSelect;
export type NoticeDelivery = typeof noticeDeliveries.$inferSelect;
export type CalendarFeed = typeof calendarFeeds.$inferSelect;
