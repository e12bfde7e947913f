/**
 * A minimal HS512 JWT (RFC 7519) signer and verifier on node:crypto, enough for the
 * simulator's own tokens. Rules: only HS512 is accepted (no `alg: none`, no algorithm
 * switching), and the signature is compared in constant time.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

export type JwtClaims = Record<string, unknown>;

const HEADER = { alg: "HS512" } as const;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

function sign(input: string, secret: Buffer): Buffer {
  return createHmac("sha512", secret).update(input).digest();
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const input = `${base64url(JSON.stringify(HEADER))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign(input, secret).toString("base64url")}`;
}

export type JwtFailure = "MALFORMED" | "BAD_ALGORITHM" | "BAD_SIGNATURE";

export type JwtVerification = { ok: true; claims: JwtClaims } | { ok: false; reason: JwtFailure };

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks shape, algorithm and signature. Time claims are the caller's to check. */
export function verifyJwt(token: string, secret: Buffer): JwtVerification {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: "MALFORMED" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!isObject(header) || !isObject(claims)) return { ok: false, reason: "MALFORMED" };
  if (header.alg !== "HS512") return { ok: false, reason: "BAD_ALGORITHM" };
  const expected = sign(`${headerPart}.${payloadPart}`, secret);
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "BAD_SIGNATURE" };
  return { ok: true, claims };
}
