/**
 * Start-up recovery of audit intents a crash left without an outcome (docs/security.md S2):
 * asks Sectigo what happened and records the answer through lib/audit (see run.ts for when it
 * runs, resolvers.ts for what each answer means).
 */
import "server-only";

export { createRecoveryResolver, BATCH_CREATING_ACTIONS, type RecoveryClient, type ResolverOptions } from "@/lib/recovery/resolvers";
export {
  describeRun,
  recoverDanglingIntents,
  runWithRetries,
  startStartupRecovery,
  type RecoveryRun,
  type RecoveryRunOptions,
  type StartupRecoveryClient,
  type StartupRecoveryOptions,
} from "@/lib/recovery/run";
