/**
 * The public API of the Sectigo client. Server-only as a whole (it pulls in the HTTP
 * client and the file store); a client component that needs the revocation reasons,
 * the batch decision table, the parameter rules or the error codes imports those pure
 * modules directly (`@/lib/sectigo/reasons`, `…/batch-state`, `…/params`, `…/errors`,
 * `…/user-message`).
 */
import "server-only";

export { SectigoClient, type SectigoClientOptions, type CreateSingleCertBatchInput, type DownloadedBatch } from "./client";
export { ENDPOINTS, endpointPath, endpointUrl, type EndpointName, type EndpointParams, type HttpMethod } from "./endpoints";
export * from "./errors";
export { sectigoFailureMessage, userMessage, type FailureContext, type SectigoOperation } from "./user-message";
export { checkEnvironment, PRODUCTION_HOST, type SectigoEnvironment } from "./environment";
export { DEFAULT_GET_RETRIES, DEFAULT_TIMEOUT_MS, type SectigoAttempt } from "./http";
export { DEFAULT_REFRESH_SKEW_MS } from "./auth";
export {
  authDebugLine,
  credentialsCachePath,
  credentialsDebugLine,
  FileTokenStore,
  MemoryTokenStore,
  serializeCache,
  type FileTokenStoreOptions,
  type StoredTokens,
  type TokenStore,
} from "./credentials";
export {
  checkTokens,
  credentialsState,
  isCurrent,
  isRefreshable,
  isValid,
  readJwtTimes,
  systemClock,
  tokenSetFromPair,
  type Clock,
  type CredentialsState,
  type TokenSet,
} from "./tokens";
export { formatGoTime, formatRfc3339Local } from "./go-time";
export {
  isRevocationReasonCode,
  normalizeReasonText,
  parseReason,
  REVOCATION_REASONS,
  revocationReason,
  type RevocationReason,
  type RevocationReasonCode,
} from "./reasons";
export {
  canonicalBatchStatus,
  decideBatch,
  needsTextStatus,
  normalizeBatchStatus,
  type BatchDecision,
  type DecideOptions,
} from "./batch-state";
export { checkBatch, type BatchCheck, type BatchCheckSource } from "./batch-check";
export {
  buildProfileParams,
  chooseAuthority,
  joinDnsNames,
  type AuthoritySource,
  type CertificateSubjectInput,
  type ChosenAuthority,
} from "./params";
export { generatePkcs12Password, PKCS12_PASSWORD_LENGTH } from "./password";
export * from "./schemas";
export * from "./profiles";
