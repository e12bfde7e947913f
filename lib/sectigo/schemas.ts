/**
 * The Sectigo IoT Manager wire shapes (docs/sectigo-protocol.md §2, §5), as zod schemas.
 *
 * One shape, one schema: the client parses every response with these, and the simulator
 * builds its replies as these types, so the two cannot drift apart. Keys are the exact
 * camelCase names of docs/sectigo-protocol.md §2. Unknown keys are tolerated (Go ignores them too).
 */
import { z } from "zod";

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string().optional().default(""),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const passwordLoginSchema = z.object({ username: z.string(), password: z.string() });
export type PasswordLogin = z.infer<typeof passwordLoginSchema>;

/** Endpoint C: GET /api/v1/authorities/allowed (an array of these). */
export const authoritySchema = z.object({
  id: z.number().int(),
  ecosystemId: z.number().int(),
  signerCertificateId: z.number().int(),
  ecosystemName: z.string(),
  balance: z.number().int(),
  enabled: z.boolean(),
  profileId: z.number().int(),
  profileName: z.string(),
});
export type Authority = z.infer<typeof authoritySchema>;
export const authoritiesSchema = z.array(authoritySchema);

/** Endpoint D: a bare JSON integer. */
export const balanceSchema = z.number().int();

/** Endpoint E request body. All parameter values are strings (docs/sectigo-protocol.md §4.3). */
export const createSingleCertBatchRequestSchema = z.object({
  authorityId: z.number().int(),
  batchName: z.string(),
  profileParams: z.record(z.string(), z.string()),
});
export type CreateSingleCertBatchRequest = z.infer<typeof createSingleCertBatchRequestSchema>;

/** docs/sectigo-protocol.md §2.2: returned by create (E), batch detail (F) and upload (J). */
export const batchResponseSchema = z.object({
  batchId: z.number().int(),
  orderNumber: z.number().int(),
  creationDate: z.string(),
  profile: z.string(),
  size: z.number().int(),
  status: z.string(),
  active: z.boolean(),
  batchName: z.string(),
  rejectReason: z.string(),
  generatorParametersValues: z.unknown().nullable(),
  userId: z.number().int(),
  downloadable: z.boolean(),
  rejectable: z.boolean(),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** Endpoint H. `active` is an integer here, unlike BatchResponse.active. */
export const processingInfoSchema = z.object({
  active: z.number().int(),
  success: z.number().int(),
  failed: z.number().int(),
});
export type ProcessingInfo = z.infer<typeof processingInfoSchema>;

/** Endpoint J: the JSON part `csrBatchRequest` of the multipart upload. */
export const csrBatchRequestSchema = z.object({
  profileId: z.number().int(),
  batchType: z.literal("BATCH"),
  profileParams: z.record(z.string(), z.string()),
});
export type CsrBatchRequest = z.infer<typeof csrBatchRequestSchema>;

/** Endpoint K. */
export const licensesUsedSchema = z.object({ ordered: z.number().int(), issued: z.number().int() });
export type LicensesUsed = z.infer<typeof licensesUsedSchema>;

/** Endpoint L (an array of these). */
export const profileSummarySchema = z.object({
  profileId: z.number().int(),
  algorithms: z.array(z.string()),
  ca: z.string(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;
export const profilesSchema = z.array(profileSummarySchema);

/** Endpoint M. */
export const profileDetailSchema = z.object({
  profileName: z.string(),
  profileId: z.number().int(),
  rawProfileConfig: z.string(),
  name: z.string(),
  keyAlgorithmInfo: z.string(),
});
export type ProfileDetail = z.infer<typeof profileDetailSchema>;

/** Endpoint N (an array of these). */
export const profileParamSchema = z.object({
  name: z.string(),
  inputType: z.string(),
  required: z.boolean(),
  placeholder: z.unknown(),
  validationPattern: z.string(),
  message: z.string(),
  value: z.unknown(),
  title: z.string(),
  scopes: z.array(z.string()),
  dynamic: z.boolean(),
});
export type ProfileParam = z.infer<typeof profileParamSchema>;
export const profileParamsSchema = z.array(profileParamSchema);

/** Endpoint O. */
export const organizationSchema = z.object({
  organizationId: z.number().int(),
  organizationName: z.string(),
  address: z.string(),
  primaryContactName: z.string(),
  primaryContactEmail: z.string(),
  primaryContactPhone: z.string(),
  manufactureId: z.string(),
  logo: z.string(),
  authorities: z.array(authoritySchema),
  ecosystemId: z.number().int(),
  organizationParameters: z.record(z.string(), z.string()),
  orgStatus: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

/** Endpoint P request: empty values are omitted, so `{}` is possible (and a 400). */
export const findCertificateRequestSchema = z.object({
  commonName: z.string().optional(),
  serialNumber: z.string().optional(),
});
export type FindCertificateRequest = z.infer<typeof findCertificateRequestSchema>;

export const foundCertificateSchema = z.object({
  deviceId: z.string(),
  commonName: z.string(),
  serialNumber: z.string(),
  creationDate: z.string(),
  status: z.string(),
});
export type FoundCertificate = z.infer<typeof foundCertificateSchema>;

export const findCertificateResponseSchema = z.object({
  totalCount: z.number().int(),
  items: z.array(foundCertificateSchema),
});
export type FindCertificateResponse = z.infer<typeof findCertificateResponseSchema>;

/** Endpoint Q request. */
export const revokeCertificateRequestSchema = z.object({
  reasonCode: z.number().int().min(0).max(10),
  serialNumber: z.string(),
});
export type RevokeCertificateRequest = z.infer<typeof revokeCertificateRequestSchema>;

/** docs/sectigo-protocol.md §2.7: the JSON error body parsed only when the Content-Type is exactly `application/json;charset=UTF-8`. */
export const apiErrorBodySchema = z.object({
  status: z.number().int(),
  message: z.string(),
  errorCode: z.number().int(),
  timestamp: z.number().int(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** The exact JSON content type string of docs/sectigo-protocol.md §1.2. */
export const SECTIGO_JSON = "application/json;charset=UTF-8";
export const USER_AGENT = "TRISA GDS Sectigo Client v1.1";

/** Batch status constants (docs/sectigo-protocol.md §4.1). */
export const BATCH_STATUS = {
  PROCESSING: "PROCESSING",
  READY_FOR_DOWNLOAD: "READY_FOR_DOWNLOAD",
  COLLECTED: "COLLECTED",
  REJECTED: "REJECTED",
  FAILED: "FAILED",
  NOT_ACCEPTABLE: "NOT_ACCEPTABLE",
  BROKEN: "BROKEN",
  REMOVED_AFTER_EXPIRATION: "REMOVED_AFTER_EXPIRATION",
  REVOKED: "REVOKED",
} as const;
export type BatchStatus = (typeof BATCH_STATUS)[keyof typeof BATCH_STATUS];
