// Runs once when `next start`/`next dev` boots (never during `next build`): validates the
// configuration, then, in this order, makes sure AUTH_SECRET exists (kept under DATA_DIR when
// unset) and the audit signing key, opens and migrates the database, creates the first admin when there is no account,
// and starts the Sectigo connection — so a bad setting stops the start with a clear message
// and the portal is ready before the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Intents written before this moment belong to an earlier run; later ones to requests we serve.
  const bootedAt = new Date();
  const { envOrExit } = await import("@/lib/env");
  const config = envOrExit();

  // The expiry clock may be moved by a file: for end-to-end tests only (docs/operations.md).
  const { TEST_CLOCK_VARIABLE } = await import("@/lib/expiry/clock");
  if (process.env[TEST_CLOCK_VARIABLE]?.trim()) {
    console.warn(`WARNING: ${TEST_CLOCK_VARIABLE} is set: expiry dates are measured from a clock a test can move (${process.env[TEST_CLOCK_VARIABLE]?.trim()}). Never set it in production.`);
  }

  const { resolveAuthSecret } = await import("@/lib/auth/secret");
  if (resolveAuthSecret(config).source === "created") {
    console.log(`AUTH_SECRET was not set: generated one and kept it in ${config.DATA_DIR}/auth-secret (mode 0600).`);
  }

  // The audit signing key, kept apart from the database (docs/security.md S21).
  const { resolveSigningKey, auditSigningKey } = await import("@/lib/audit/signing-key");
  const signing = resolveSigningKey(config);
  if (signing.source === "created") {
    console.log(`AUDIT_SIGNING_KEY was not set: generated an Ed25519 key and kept it in ${config.DATA_DIR}/audit-signing-key.pem (mode 0600). Back it up apart from the database.`);
  }
  console.log(`Audit signing key: ${signing.key.keyId} (SHA-256 ${signing.key.fingerprint})`);

  const { getDb } = await import("@/db/client");
  const db = getDb();
  console.log(`Database: ${config.databaseFile}`);

  const { bootstrapFirstAdmin } = await import("@/lib/auth/bootstrap");
  await bootstrapFirstAdmin(db, { ADMIN_EMAIL: config.ADMIN_EMAIL, ADMIN_PASSWORD: config.ADMIN_PASSWORD });

  const { sectigoConnection } = await import("@/lib/connection");
  const connection = await sectigoConnection();
  console.log(
    connection.mode === "simulator"
      ? `Sectigo: embedded simulator at ${connection.endpoint} (data in ${config.DATA_DIR})`
      : `Sectigo: ${connection.endpoint}`,
  );

  // Close audit intents an earlier crash left open, by asking Sectigo. In the background: the
  // portal serves requests meanwhile, and the run logs its result (lib/recovery/run.ts).
  const { startStartupRecovery } = await import("@/lib/recovery");
  void startStartupRecovery({ db: getDb, client: async () => (await sectigoConnection()).client, olderThan: bootedAt });

  // Signed audit checkpoints, hourly by default; skipped while nothing new was appended.
  const { startCheckpointSchedule } = await import("@/lib/audit/checkpoint-schedule");
  startCheckpointSchedule({ db: getDb, key: () => auditSigningKey(config), intervalMinutes: config.AUDIT_CHECKPOINT_INTERVAL_MINUTES });

  // Batches keep advancing (checked, downloaded once, indexed) even when nobody watches a page.
  // Once per process; its timers are unref'd and it never throws into the server.
  const { startBatchPoller } = await import("@/lib/issuance/poller");
  const running = globalThis as unknown as { __batchPoller?: ReturnType<typeof startBatchPoller> };
  running.__batchPoller ??= startBatchPoller({ db: getDb, client: async () => (await sectigoConnection()).client });

  // Expiry notices: the daily digest (from 06:00 UTC, or at start when today's has not run)
  // and a retry of due deliveries every minute. Once per process; never throws into the server.
  const { startNoticeSchedule, noticeJobDeps } = await import("@/lib/notices");
  startNoticeSchedule({ deps: () => noticeJobDeps(getDb()) });
}
