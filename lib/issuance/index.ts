/**
 * lib/issuance: new single certificates, CSR uploads, batches and their way through Sectigo
 * to the inventory. Every Sectigo-calling mutation goes through withSectigoCall;
 * every DTO here is plain data without secrets.
 */
import "server-only";

export { listIssuingAuthorities, plainProfileName, type IssuingAuthorityDto } from "./authorities";
export {
  createSingleCertificate,
  retrySingleCertificate,
  MAX_BATCH_NAME_LENGTH,
  MAX_EXTRA_DNS_NAMES,
  type CreateSingleCertificateInput,
  type CreateSingleCertificateResult,
} from "./create-single";
export {
  MAX_CSR_UPLOAD_BYTES,
  previewCsrs,
  retryCsrUpload,
  csrNotKeptMessage,
  safeCsrFileName,
  uploadCsrs,
  type CsrPreview,
  type UploadCsrsInput,
  type UploadCsrsResult,
} from "./csr-upload";
export {
  batchProgress,
  getBatchDetail,
  getBatchDto,
  listBatches,
  listInFlightBatches,
  type BatchDetailDto,
  type BatchDto,
  type ListBatchesParams,
} from "./batch-dto";
export { reissuePlan, reissueSingle, reissueWithCsr, revokedReissueMessage, type ReissueKind, type ReissuePlan } from "./reissue";
export { advanceBatch } from "./advance";
export { startBatchPoller, DEFAULT_POLL_INTERVAL_MS, type BatchPoller, type BatchPollerOptions } from "./poller";
export { downloadBatchZip, revokedZipMessage } from "./download";
export { batchSubmitFailure, type BatchSubmitFailure } from "./batch-failure";
export { isRetryableRow } from "./submit";
export { closeUnknownBatch, isResolvableRow, linkUnknownBatch, MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "./resolve";
