/**
 * lib/revocation: the impact preview, single revoke and bulk revoke. Every revoke
 * is audited (intent before the Sectigo call, outcome after) and yields at most one
 * revocation per serial (docs/security.md S8).
 */
import "server-only";

export { previewRevocation, type RevocationPreview, type RevocationPreviewItem } from "./preview";
export { checkReasonCode, revokeCertificate, type RevokeInput, type RevokeOutcome, type RevokeResult } from "./revoke";
export { checkRevocationWithSectigo, type CheckRevocationResult } from "./check";
export {
  bulkRevoke,
  MAX_BULK_REVOKE,
  type BulkRevokeInput,
  type BulkRevokeProgress,
  type BulkRevokeResult,
  type BulkRevokeSummary,
} from "./bulk";
