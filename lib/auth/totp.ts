/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: SHA-1, 6 digits,
 * 30-second steps, a 20-byte secret in base32. A code is checked against the step before and
 * after the current one too (clocks drift), and the step it matched is returned so that the
 * caller can refuse any code of that step or an earlier one afterwards (no replay).
 */
import "server-only";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

export const TOTP_PERIOD_S = 30;
const ISSUER = "TRISA CA Portal";

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label = "account"): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return totpOf(secretBase32, accountEmail).toString();
}

/** The URI as an SVG QR code (markup only, no script: safe to inline under the CSP). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The code for a time (the tests' authenticator app). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() });
}

/** The time step a code matches (within one step of `at`), or null. Spaces in the code are ignored. */
export function totpStepOf(secretBase32: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}
