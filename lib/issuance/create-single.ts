/**
 * A new single-certificate batch (product.md "new single certificate"; sectigo-api.md §3.2
 * Submit, §7).
 *
 * Rules:
 * - Everything a person typed is validated here, on the server, before Sectigo is called;
 *   problems come back as field errors keyed by the form's field names (commonName,
 *   dnsNames, organizationName, localityName, stateOrProvinceName, countryName, batchName,
 *   authorityId). A profile's subject fields are required from the person — the portal does
 *   not quietly fill GDS's defaults into a MainNet certificate.
 * - The authority must have an available balance above 0 (read just before the create).
 * - The PKCS#12 password is generated here (16 crypto-random characters), stored only
 *   encrypted with the batch row (written with the audit intent, before the call), returned
 *   ONCE to the caller, and never put in an audit entry, a log line or an error.
 */
import "server-only";
import { updateBatch, insertBatch } from "@/db/queries/batches";
import { withSectigoCall } from "@/lib/audit/sectigo-call";
import { printable } from "@/lib/pki";
import {
  buildProfileParams,
  canonicalBatchStatus,
  generatePkcs12Password,
  isSectigoError,
  type InvalidParamsError,
  isDnsName,
  joinDnsNames,
  PARAM_RULES,
  validateProfileParams,
  type Authority,
  type ProfileDefinition,
  type ProfileParamName,
} from "@/lib/sectigo";
import { AppError } from "@/lib/errors";
import { profileOfAuthority } from "./authorities";
import { getBatchDto, type BatchDto } from "./batch-dto";
import type { ActorContext } from "./context";
import { addFieldError, asUserFacing, InvalidInputError, sectigoAppError, type FieldErrors } from "./errors";

export interface CreateSingleCertificateInput {
  authorityId: number;
  commonName: string;
  dnsNames: string[];
  organizationName?: string;
  localityName?: string;
  stateOrProvinceName?: string;
  countryName?: string;
  batchName?: string;
}

export interface CreateSingleCertificateResult {
  batch: BatchDto;
  /** Show once, with a copy button; it is never shown again. */
  pkcs12Password: string;
}

export const MAX_EXTRA_DNS_NAMES = 100;
export const MAX_BATCH_NAME_LENGTH = 128;

/** Sectigo parameter → the form field that holds it. */
const FIELD_OF: Record<ProfileParamName, string> = {
  commonName: "commonName",
  dNSName: "dnsNames",
  pkcs12Password: "form",
  organizationName: "organizationName",
  localityName: "localityName",
  stateOrProvinceName: "stateOrProvinceName",
  countryName: "countryName",
};

/** Checks that need no profile: the names and the batch name. */
export function validateNames(input: CreateSingleCertificateInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!Number.isSafeInteger(input.authorityId) || input.authorityId <= 0) {
    addFieldError(errors, "authorityId", "Choose the authority to issue under.");
  }
  const cn = (input.commonName ?? "").trim();
  if (cn === "") {
    addFieldError(errors, "commonName", "Enter the common name: the VASP's TRISA endpoint host, such as trisa.example.com.");
  } else if (!isDnsName(cn)) {
    addFieldError(errors, "commonName", `"${printable(cn, 80)}" is not a DNS host name. ${PARAM_RULES.commonName.message}`);
  }
  const extra = input.dnsNames ?? [];
  if (extra.length > MAX_EXTRA_DNS_NAMES) {
    addFieldError(errors, "dnsNames", `At most ${MAX_EXTRA_DNS_NAMES} extra DNS names fit in one certificate.`);
  }
  for (const raw of extra.slice(0, MAX_EXTRA_DNS_NAMES)) {
    const name = String(raw).trim();
    if (name === "") addFieldError(errors, "dnsNames", "An extra DNS name is empty; remove the empty line.");
    else if (!isDnsName(name)) addFieldError(errors, "dnsNames", `"${printable(name, 80)}" is not a DNS host name, such as api.example.com.`);
  }
  if (input.batchName !== undefined) {
    const name = input.batchName.trim();
    if (name.length > MAX_BATCH_NAME_LENGTH) {
      addFieldError(errors, "batchName", `The batch name must be at most ${MAX_BATCH_NAME_LENGTH} characters.`);
    } else if (/[\u0000-\u001f\u007f]/.test(name)) {
      addFieldError(errors, "batchName", "The batch name must be one line of printable text.");
    }
  }
  return errors;
}

/** The problems with the profile's parameters as the person typed them (no defaults filled in). */
function profileProblems(definition: ProfileDefinition, input: CreateSingleCertificateInput, pkcs12Password: string): FieldErrors {
  const cn = input.commonName.trim();
  const values: Record<ProfileParamName, string> = {
    commonName: cn,
    dNSName: joinDnsNames(cn, input.dnsNames),
    pkcs12Password,
    organizationName: input.organizationName?.trim() ?? "",
    localityName: input.localityName?.trim() ?? "",
    stateOrProvinceName: input.stateOrProvinceName?.trim() ?? "",
    // ISO 3166 codes are capitals; "ch" is what a person meant by "CH".
    countryName: input.countryName?.trim().toUpperCase() ?? "",
  };
  const params: Record<string, string> = {};
  for (const name of definition.required) params[name] = values[name];
  const errors: FieldErrors = {};
  for (const problem of validateProfileParams(definition, params)) {
    const name = problem.param as ProfileParamName;
    const field = FIELD_OF[name] ?? "form";
    const missing = params[name] === "" || params[name] === undefined;
    const rule = PARAM_RULES[name];
    addFieldError(errors, field, missing && rule ? `${rule.title} is required for the ${definition.name} profile.` : problem.message);
  }
  return errors;
}

function findAuthority(authorities: Authority[], id: number): Authority {
  const authority = authorities.find((a) => a.id === id);
  if (!authority) {
    throw new InvalidInputError({ authorityId: [`Authority ${id} is not one of this Sectigo account's authorities; pick one from the list.`] });
  }
  if (!authority.enabled) throw new InvalidInputError({ authorityId: [`Authority ${id} is disabled at Sectigo; pick another one.`] });
  return authority;
}

export async function createSingleCertificate(
  ctx: ActorContext,
  input: CreateSingleCertificateInput,
): Promise<CreateSingleCertificateResult> {
  const nameErrors = validateNames(input);
  if (Object.keys(nameErrors).length > 0) throw new InvalidInputError(nameErrors);

  let authorities: Authority[];
  try {
    authorities = await ctx.client.userAuthorities();
  } catch (err) {
    throw sectigoAppError(err, { operation: "read" });
  }
  const authority = findAuthority(authorities, input.authorityId);
  const definition = profileOfAuthority(authority);
  if (!definition) {
    throw new AppError(
      "UNSUPPORTED_PROFILE",
      `authority ${authority.id} uses profile ${authority.profileId}`,
      `Authority ${authority.id} issues under profile ${authority.profileId}, which the portal cannot fill in; use an authority of profile 17 or 85.`,
    );
  }

  const pkcs12Password = generatePkcs12Password();
  const errors = profileProblems(definition, input, pkcs12Password);
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);

  let balance: number;
  try {
    balance = await ctx.client.authorityAvailableBalance(authority.id);
  } catch (err) {
    throw sectigoAppError(err, { operation: "read", subject: `authority ${authority.id}` });
  }
  if (balance <= 0) {
    throw new AppError(
      "NO_BALANCE",
      `authority ${authority.id} balance ${balance}`,
      `Authority ${authority.id} (${definition.name}) has no balance left. Choose another authority, or ask Sectigo to add certificates to it.`,
    );
  }

  let params: Record<string, string>;
  try {
    // The shared builder: the exact keys, order and dNSName joining the CA expects.
    params = buildProfileParams(definition, {
      commonName: input.commonName,
      dnsNames: input.dnsNames,
      pkcs12Password,
      organizationName: input.organizationName,
      localityName: input.localityName,
      stateOrProvinceName: input.stateOrProvinceName,
      countryName: input.countryName?.trim().toUpperCase(),
    });
  } catch (err) {
    if (isSectigoError(err) && err.code === "INVALID_PARAMS") throw new InvalidInputError({ form: (err as InvalidParamsError).problems.map((p) => p.message) });
    throw err;
  }

  const commonName = input.commonName.trim();
  const dnsNames = joinDnsNames(commonName, input.dnsNames).split("\n");
  const batchName = input.batchName?.trim() || `new certs for ${commonName}`;
  let localId = 0;
  const details = { authorityId: authority.id, profileId: definition.id, profileName: definition.name, commonName, dnsNames, batchName };

  try {
    await withSectigoCall(
      {
        db: ctx.db,
        actor: ctx.actor,
        action: "batch.create",
        ip: ctx.ip ?? null,
        details,
        onIntent: (tx) => {
          const row = insertBatch(tx, {
            kind: "single",
            batchName,
            authorityId: authority.id,
            profileId: definition.id,
            profileName: definition.name,
            commonName,
            dnsNames,
            size: 1,
            createdBy: ctx.actor.id,
            pkcs12Password,
          });
          localId = row.id;
          return { target: { type: "batch", id: row.id }, details: { localBatchId: row.id } };
        },
        onSuccess: (tx, res) => {
          const row = updateBatch(tx, localId, {
            sectigoBatchId: res.batchId,
            status: canonicalBatchStatus(res.status),
            state: "processing",
            size: res.size > 0 ? res.size : 1,
            rejectReason: res.rejectReason || null,
            lastError: null,
            // Due at once: the poller's first look applies the decision table right away.
            nextCheckAt: null,
          });
          return { sectigoBatchId: res.batchId, status: row?.status ?? null };
        },
        onFailure: (tx, failure) => {
          updateBatch(tx, localId, { state: failure.outcome === "unknown" ? "unknown" : "errored", lastError: failure.message });
        },
      },
      () => ctx.client.createSingleCertBatch({ authorityId: authority.id, batchName, profileParams: params }),
    );
  } catch (err) {
    throw asUserFacing(err, { operation: "create" });
  }

  const batch = getBatchDto(ctx.db, localId);
  if (!batch) throw new Error(`batch ${localId} vanished after it was created`);
  return { batch, pkcs12Password };
}
