/**
 * The simulator's persistent state: batches, certificates, counters, balances and
 * revocations, as one JSON document (`<dataDir>/simulator/state.json`).
 *
 * Rules on secrets: a batch keeps its parameters (and so its PKCS#12 password) or its
 * CSRs only while it is PROCESSING; once issued, a single-certificate batch keeps only the
 * encrypted PKCS#12 (the private key never rests on disk in the clear), and a revoke wipes
 * that too, like cathy. Public certificates stay for find and the CRL.
 */
import "server-only";
import { z } from "zod";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";

export const FIRST_BATCH_ID = 10_000; // cathy's first id

const certificateSchema = z.object({
  serial: z.string(),
  deviceId: z.string(),
  batchId: z.number().int(),
  profileId: z.number().int(),
  authorityId: z.number().int(),
  /** Go-style subject DN string, as find returns it. */
  subjectDn: z.string(),
  commonName: z.string(),
  creationDate: z.string(),
  pem: z.string(),
  /** Name of this certificate's entry in the download ZIP. */
  fileName: z.string(),
  /** Single-certificate batches: the password-encrypted PKCS#12 (base64), until revoked. */
  p12Base64: z.string().optional(),
  status: z.enum([BATCH_STATUS.READY_FOR_DOWNLOAD, BATCH_STATUS.REVOKED]),
  revokedAt: z.string().optional(),
  reasonCode: z.number().int().optional(),
});
export type CertificateRecord = z.infer<typeof certificateSchema>;

const pendingCsrSchema = z.object({ pem: z.string(), dnsNames: z.array(z.string()) });
export type PendingCsr = z.infer<typeof pendingCsrSchema>;

const batchSchema = z.object({
  batchId: z.number().int(),
  orderNumber: z.number().int(),
  batchName: z.string(),
  kind: z.enum(["single", "csr"]),
  profileId: z.number().int(),
  authorityId: z.number().int(),
  creationDate: z.string(),
  /** ISO time after which the batch is issued. */
  dueAt: z.string(),
  status: z.enum(Object.values(BATCH_STATUS) as [string, ...string[]]),
  rejectReason: z.string(),
  size: z.number().int(),
  active: z.number().int(),
  success: z.number().int(),
  failed: z.number().int(),
  serials: z.array(z.string()),
  /** Single-certificate batch while PROCESSING: the profile parameters (incl. the PKCS#12 password). */
  pendingParams: z.record(z.string(), z.string()).optional(),
  /** CSR batch while PROCESSING: the CSRs to sign. */
  pendingCsrs: z.array(pendingCsrSchema).optional(),
  /** CSR batch decided bad at upload; applied when its processing time comes. */
  pendingOutcome: z
    .object({ status: z.enum([BATCH_STATUS.NOT_ACCEPTABLE, BATCH_STATUS.BROKEN]), reason: z.string() })
    .optional(),
});
export type BatchRecord = z.infer<typeof batchSchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  nextBatchId: z.number().int(),
  nextOrderNumber: z.number().int(),
  crlNumber: z.number().int(),
  issuedCount: z.number().int(),
  /** Authority id (decimal string) → available balance. */
  balances: z.record(z.string(), z.number().int()),
  batches: z.array(batchSchema),
  certificates: z.array(certificateSchema),
});
export type SimulatorState = z.infer<typeof stateSchema>;

export function initialState(balances: Record<string, number>): SimulatorState {
  return {
    version: 1,
    nextBatchId: FIRST_BATCH_ID,
    nextOrderNumber: 1,
    crlNumber: 0,
    issuedCount: 0,
    balances: { ...balances },
    batches: [],
    certificates: [],
  };
}
