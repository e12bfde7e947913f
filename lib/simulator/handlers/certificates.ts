/**
 * Endpoints P (find) and Q (revoke), docs/sectigo-protocol.md §5 and §6.6, with cathy's behaviour where the
 * real service is undocumented.
 *
 * Deliberate choices: find normalizes the serial (any usual form matches: lower case,
 * colons, 0x…), where cathy matches the exact upper-case string, and compares common names
 * case-insensitively, as DNS names are. Revoke validates what cathy ignores: the reason
 * must be an RFC 5280 code (0–10, not 7) and the path id must be the certificate's profile
 * (or its authority). A repeated revoke answers 200 without a second change.
 */
import "server-only";
import { normalizeSerial } from "@/lib/pki/serial";
import { BATCH_STATUS, type FindCertificateResponse } from "@/lib/sectigo/schemas";
import { badRequest, notFound, SimulatorError } from "../errors";
import { JSON_LIMIT_BYTES, parseId, parseJson, readBody, sendJson } from "../http";
import type { HandlerContext } from "../router";
import type { CertificateRecord } from "../state";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function serialOrUndefined(input: string): string | undefined {
  try {
    return normalizeSerial(input);
  } catch {
    return undefined;
  }
}

export async function findCertificates({ core, req, res }: HandlerContext): Promise<void> {
  const body = parseJson(await readBody(req, JSON_LIMIT_BYTES));
  if (!isObject(body)) throw badRequest('The request body must be JSON {"commonName"?: string, "serialNumber"?: string}.');
  const commonName = typeof body.commonName === "string" ? body.commonName.trim() : "";
  const serialText = typeof body.serialNumber === "string" ? body.serialNumber.trim() : "";
  if (!commonName && !serialText) throw badRequest("specify common name or serial number");
  const serial = serialText ? serialOrUndefined(serialText) : undefined;
  const cn = commonName.toLowerCase();
  const items = core.store.state.certificates
    .filter((c) => (serial !== undefined && c.serial === serial) || (cn !== "" && c.commonName.toLowerCase() === cn))
    .map((c) => ({
      deviceId: c.deviceId,
      commonName: c.subjectDn,
      serialNumber: c.serial,
      creationDate: c.creationDate,
      status: c.status,
    }));
  const reply: FindCertificateResponse = { totalCount: items.length, items };
  sendJson(res, 200, reply);
}

function revokeRequest(body: unknown): { serial: string; reasonCode: number } {
  if (!isObject(body)) throw badRequest('The request body must be JSON {"reasonCode": number, "serialNumber": string}.');
  const { reasonCode, serialNumber } = body;
  if (typeof serialNumber !== "string" || serialNumber.trim() === "") throw badRequest("no serial number specified");
  if (typeof reasonCode !== "number" || !Number.isInteger(reasonCode) || reasonCode < 0 || reasonCode > 10 || reasonCode === 7) {
    throw badRequest("reasonCode must be an RFC 5280 reason code: an integer from 0 to 10, except 7 (unused).");
  }
  let serial: string;
  try {
    serial = normalizeSerial(serialNumber);
  } catch {
    throw badRequest("serialNumber is not a serial number; send the hex serial, e.g. 4F2A…");
  }
  return { serial, reasonCode };
}

export async function revokeCertificate({ core, req, res, params }: HandlerContext): Promise<void> {
  const pathId = parseId(params.profileId, "profile");
  const { serial, reasonCode } = revokeRequest(parseJson(await readBody(req, JSON_LIMIT_BYTES)));
  const changed = await core.store.update(async (draft) => {
    const cert = draft.certificates.find((c) => c.serial === serial);
    if (!cert) throw notFound(`certificate not found: no certificate with serial ${serial}`);
    if (cert.profileId !== pathId && cert.authorityId !== pathId) {
      throw new SimulatorError(
        "WRONG_PROFILE",
        400,
        `certificate ${serial} was not issued under profile ${pathId}; it belongs to profile ${cert.profileId}`,
      );
    }
    if (cert.status === BATCH_STATUS.REVOKED) return undefined;
    revoke(cert, reasonCode, core.options.now());
    draft.crlNumber += 1;
    return core.crl.build(draft);
  });
  if (changed) {
    core.crl.publish(changed);
    core.options.log(`simulator: revoked ${serial} (reason ${reasonCode})`);
  }
  sendJson(res, 200, { success: true });
}

/** Marks the certificate revoked and wipes its key material (the encrypted PKCS#12). */
function revoke(cert: CertificateRecord, reasonCode: number, now: Date): void {
  cert.status = BATCH_STATUS.REVOKED;
  cert.revokedAt = now.toISOString();
  cert.reasonCode = reasonCode;
  delete cert.p12Base64;
}
