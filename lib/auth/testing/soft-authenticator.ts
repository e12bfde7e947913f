/**
 * Test support: a software passkey (WebAuthn authenticator, ES256 on P-256) answering the way
 * a browser running @simplewebauthn/browser posts it, so lib/auth/passkeys.ts is exercised
 * with the real library checks and no browser. Not a test file itself.
 *
 * Byte layouts follow WebAuthn Level 2 (authenticator data, attestation object "none") and
 * RFC 9052/9053 (the COSE key); CBOR is RFC 8949, written here in the few forms those need.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

function cborHead(major: number, value: number): Buffer {
  const type = major << 5;
  if (value < 24) return Buffer.from([type | value]);
  if (value < 0x100) return Buffer.from([type | 24, value]);
  if (value < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = type | 25;
    b.writeUInt16BE(value, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = type | 26;
  b.writeUInt32BE(value, 1);
  return b;
}

/**
 * The shortest encoding of each item, as authenticators write it: the library re-encodes the
 * public key it reads to find where it ends, so any longer form would shift what follows.
 */
export function cborEncode(value: Cbor): Buffer {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || Math.abs(value) >= 2 ** 32) throw new Error(`cbor: unsupported number ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === "string") {
    const text = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const parts = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
  return Buffer.concat(parts);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** What a test may change about one answer; everything else is what an honest browser sends. */
export interface CeremonyOverrides {
  /** the page origin the browser signs (default: the authenticator's) */
  origin?: string;
  /** the relying party id hashed into the authenticator data (default: the authenticator's) */
  rpId?: string;
  /** whether the person was verified (PIN, fingerprint); default true */
  userVerified?: boolean;
  /** the signature counter to report, instead of the authenticator's own next value */
  counter?: number;
  /** the challenge to sign, instead of the one in the options */
  challenge?: string;
}

export interface SoftAuthenticatorInit {
  rpId?: string;
  origin?: string;
  /**
   * the counter's start; 0 (the default) means the authenticator keeps no counter and always
   * reports 0, as synced passkeys do; above 0 it moves up by one on every use
   */
  counter?: number;
  /** the user handle to return with assertions (the portal's opaque user id) */
  userHandle?: string;
  /** the credential id (random by default), to pose as another passkey */
  credentialId?: Uint8Array;
}

export interface SoftAuthenticator {
  /** base64url, as the portal stores it */
  readonly credentialId: string;
  /** the counter the next answer reports (when it keeps one) */
  readonly counter: number;
  /** answers registration options (navigator.credentials.create) */
  register(options: { challenge: string }, overrides?: CeremonyOverrides): RegistrationResponseJSON;
  /** answers assertion options (navigator.credentials.get) */
  assert(options: { challenge: string }, overrides?: CeremonyOverrides): AuthenticationResponseJSON;
}

export function softAuthenticator(init: SoftAuthenticatorInit = {}): SoftAuthenticator {
  const rpId = init.rpId ?? "localhost";
  const origin = init.origin ?? "http://localhost:3000";
  const rawId = init.credentialId ?? randomBytes(32);
  const credentialId = b64url(rawId);
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  let counter = init.counter ?? 0;

  const nextCounter = (o: CeremonyOverrides) => {
    if (o.counter !== undefined) return o.counter;
    const value = counter;
    if (counter > 0) counter += 1;
    return value;
  };
  const clientData = (type: "webauthn.create" | "webauthn.get", challenge: string, o: CeremonyOverrides) =>
    Buffer.from(JSON.stringify({ type, challenge: o.challenge ?? challenge, origin: o.origin ?? origin, crossOrigin: false }), "utf8");
  const authData = (o: CeremonyOverrides, flags: number, count: number, attested: Buffer = Buffer.alloc(0)) => {
    const head = Buffer.alloc(37);
    sha256(o.rpId ?? rpId).copy(head, 0);
    head[32] = flags | FLAG_UP | ((o.userVerified ?? true) ? FLAG_UV : 0);
    head.writeUInt32BE(count, 33);
    return Buffer.concat([head, attested]);
  };

  return {
    credentialId,
    get counter() {
      return counter;
    },
    register(options, o = {}) {
      const client = clientData("webauthn.create", options.challenge, o);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(rawId.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, rawId, coseKey(publicKey)]);
      const attestationObject = cborEncode(
        new Map<string, Cbor>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", authData(o, FLAG_AT, nextCounter(o), attested)],
        ]),
      );
      return {
        id: credentialId,
        rawId: credentialId,
        type: "public-key",
        response: { clientDataJSON: b64url(client), attestationObject: b64url(attestationObject), transports: ["internal", "hybrid"] },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },
    assert(options, o = {}) {
      const client = clientData("webauthn.get", options.challenge, o);
      const data = authData(o, 0, nextCounter(o));
      return {
        id: credentialId,
        rawId: credentialId,
        type: "public-key",
        response: {
          clientDataJSON: b64url(client),
          authenticatorData: b64url(data),
          signature: b64url(signAssertion(privateKey, data, client)),
          ...(init.userHandle ? { userHandle: b64url(init.userHandle) } : {}),
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      };
    },
  };
}

/** ECDSA with SHA-256 over authenticatorData || sha256(clientDataJSON), DER as WebAuthn wants. */
function signAssertion(privateKey: KeyObject, data: Buffer, clientDataJSON: Buffer): Buffer {
  return sign("sha256", Buffer.concat([data, sha256(clientDataJSON)]), privateKey);
}

/** The COSE_Key of an ES256 public key: kty EC2, alg ES256, crv P-256, x, y (RFC 9053). */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  return cborEncode(
    new Map<number, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]),
  );
}
