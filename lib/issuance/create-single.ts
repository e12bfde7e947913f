/**
 * A new single-certificate batch (docs/sectigo-protocol.md §2.4, §4.3–§4.5).
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
import { getBatch } from "@/db/queries/batches";
import { printable } from "@/lib/pki/text-safety";
import { isDnsName } from "@/lib/pki/dns-name";
import { isSectigoError, type InvalidParamsError } from "@/lib/sectigo/errors";
import { buildProfileParams, joinDnsNames } from "@/lib/sectigo/params";
import { generatePkcs12Password } from "@/lib/sectigo/password";
import { PARAM_RULES, validateProfileParams, type ProfileDefinition, type ProfileParamName } from "@/lib/sectigo/profiles";
import type { Authority } from "@/lib/sectigo/schemas";
import { AppError } from "@/lib/errors";
import { profileOfAuthority, readFromSectigo } from "./authorities";
import { getBatchDto, type BatchDto } from "./batch-dto";
import type { ActorContext } from "@/lib/domain/context";
import { addFieldError, InvalidInputError, notFound, type FieldErrors } from "@/lib/domain/errors";
import { isRetryableRow, notRetryable, submitBatch, type SubmitBatchOptions } from "./submit";

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

/** The authority the person chose, with the profile the portal fills in for it. */
async function chosenAuthority(ctx: ActorContext, authorityId: number): Promise<{ authority: Authority; definition: ProfileDefinition }> {
  const authority = findAuthority(await readFromSectigo(() => ctx.client.userAuthorities()), authorityId);
  const definition = profileOfAuthority(authority);
  if (!definition) {
    throw new AppError(
      "UNSUPPORTED_PROFILE",
      `authority ${authority.id} uses profile ${authority.profileId}`,
      `Authority ${authority.id} issues under profile ${authority.profileId}, which the portal cannot fill in; use an authority of profile 17 or 85.`,
    );
  }
  return { authority, definition };
}

/** Refuses before the create when the authority has nothing left to issue. */
async function requireBalance(ctx: ActorContext, authority: Authority, definition: ProfileDefinition): Promise<void> {
  const balance = await readFromSectigo(() => ctx.client.authorityAvailableBalance(authority.id), `authority ${authority.id}`);
  if (balance <= 0) {
    throw new AppError(
      "NO_BALANCE",
      `authority ${authority.id} balance ${balance}`,
      `Authority ${authority.id} (${definition.name}) has no balance left, so nothing was sent to Sectigo. Choose another authority, or ask Sectigo to add certificates to it.`,
    );
  }
}

/** The profile parameters Sectigo receives; a problem the builder finds is a form error. */
function sectigoParams(definition: ProfileDefinition, input: CreateSingleCertificateInput, pkcs12Password: string): Record<string, string> {
  try {
    // The shared builder: the exact keys, order and dNSName joining the CA expects.
    return buildProfileParams(definition, {
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
}

/**
 * Where a create's batch row comes from: a new one, or a failed one being retried. A reissue
 * names the certificate it replaces (a retried row keeps the link it was made with).
 */
type RowPlan = { kind: "new"; reissueOfSerial?: string } | { kind: "retry"; batchId: number; batchName: string; reissueOfSerial: string | null };

interface Issue {
  authority: Authority;
  definition: ProfileDefinition;
  commonName: string;
  dnsNames: string[];
  batchName: string;
}

/** The batch row submitBatch writes with the intent: the retried row, or a new one. */
function batchRow(ctx: ActorContext, input: CreateSingleCertificateInput, plan: RowPlan, issue: Issue): SubmitBatchOptions["row"] {
  if (plan.kind === "retry") return { retry: plan.batchId };
  const { authority, definition, commonName, dnsNames, batchName } = issue;
  return {
    insert: {
      kind: "single",
      batchName,
      authorityId: authority.id,
      profileId: definition.id,
      profileName: definition.name,
      commonName,
      dnsNames,
      size: 1,
      createdBy: ctx.actor.id,
      createInput: JSON.stringify(storedInput(input, batchName)),
      reissueOfSerial: plan.reissueOfSerial ?? null,
    },
  };
}

async function createOrRetry(ctx: ActorContext, input: CreateSingleCertificateInput, plan: RowPlan): Promise<CreateSingleCertificateResult> {
  const nameErrors = validateNames(input);
  if (Object.keys(nameErrors).length > 0) throw new InvalidInputError(nameErrors);
  const { authority, definition } = await chosenAuthority(ctx, input.authorityId);

  const pkcs12Password = generatePkcs12Password();
  const errors = profileProblems(definition, input, pkcs12Password);
  if (Object.keys(errors).length > 0) throw new InvalidInputError(errors);
  await requireBalance(ctx, authority, definition);
  const params = sectigoParams(definition, input, pkcs12Password);

  const commonName = input.commonName.trim();
  const dnsNames = joinDnsNames(commonName, input.dnsNames).split("\n");
  const batchName = plan.kind === "retry" ? plan.batchName : input.batchName?.trim() || `new certs for ${commonName}`;
  const issue: Issue = { authority, definition, commonName, dnsNames, batchName };
  const details = {
    authorityId: authority.id,
    profileId: definition.id,
    profileName: definition.name,
    commonName,
    dnsNames,
    batchName,
    ...(plan.reissueOfSerial ? { reissueOf: plan.reissueOfSerial } : {}),
  };

  const localId = await submitBatch(ctx, {
    action: "batch.create",
    operation: "create",
    details,
    row: batchRow(ctx, input, plan, issue),
    pkcs12Password,
    size: 1,
    call: () => ctx.client.createSingleCertBatch({ authorityId: authority.id, batchName, profileParams: params }),
  });

  const batch = getBatchDto(ctx.db, localId);
  if (!batch) throw new Error(`batch ${localId} vanished after it was created`);
  return { batch, pkcs12Password };
}

/** What a retry needs of the typed input: names and subject only (public), never the password. */
function storedInput(input: CreateSingleCertificateInput, batchName: string): CreateSingleCertificateInput {
  return {
    authorityId: input.authorityId,
    commonName: input.commonName.trim(),
    dnsNames: input.dnsNames.map((n) => String(n).trim()),
    organizationName: input.organizationName?.trim(),
    localityName: input.localityName?.trim(),
    stateOrProvinceName: input.stateOrProvinceName?.trim(),
    countryName: input.countryName?.trim(),
    batchName,
  };
}

function parseStoredInput(text: string | null): CreateSingleCertificateInput | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<CreateSingleCertificateInput>;
    if (typeof v.authorityId !== "number" || typeof v.commonName !== "string" || !Array.isArray(v.dnsNames)) return null;
    return v as CreateSingleCertificateInput;
  } catch {
    return null;
  }
}

/** `reissueOfSerial`: the canonical serial this certificate replaces (lib/issuance/reissue.ts checks it). */
export async function createSingleCertificate(
  ctx: ActorContext,
  input: CreateSingleCertificateInput,
  options: { reissueOfSerial?: string } = {},
): Promise<CreateSingleCertificateResult> {
  return createOrRetry(ctx, input, { kind: "new", reissueOfSerial: options.reissueOfSerial });
}

/**
 * Sends a failed single-certificate create again, with the same names, subject, authority
 * and batch name, a new PKCS#12 password (returned once) and a new audit intent. Only a
 * create that Sectigo refused or never received (`errored`, no Sectigo id) qualifies: an
 * unknown one may exist at Sectigo, and sending it again could issue it twice.
 */
export async function retrySingleCertificate(ctx: ActorContext, batchId: number): Promise<CreateSingleCertificateResult> {
  const row = getBatch(ctx.db, batchId);
  if (!row || row.kind !== "single") throw notFound(`single batch ${batchId}`, `There is no single-certificate batch ${batchId}.`);
  if (!isRetryableRow(row)) throw notRetryable(batchId);
  const input = parseStoredInput(row.createInput);
  if (!input) {
    throw new AppError(
      "NOT_RETRYABLE",
      `batch ${batchId} has no stored input`,
      `Batch ${batchId} was made before the portal kept what was typed, so it cannot be sent again from here. Create a new certificate instead.`,
    );
  }
  return createOrRetry(ctx, input, { kind: "retry", batchId, batchName: row.batchName, reissueOfSerial: row.reissueOfSerial });
}
