/**
 * RSA key generation and import for the simulator's CA. Keys are generated with
 * node:crypto's async generateKeyPair, which runs on libuv's thread pool, so a 4096-bit
 * key (about a second) never blocks the event loop that answers requests.
 */
import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPair } from "node:crypto";
import { crypto } from "@/lib/pki/x509";

export interface RsaKeyMaterial {
  /** PKCS#8 PEM. Never logged or returned over HTTP in the clear. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo DER. */
  publicKeyDer: Uint8Array<ArrayBuffer>;
}

export const RSA_SHA384 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" } as const;

export function generateRsaKey(bits: number): Promise<RsaKeyMaterial> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      "rsa",
      {
        modulusLength: bits,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: "spki", format: "der" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      },
      (err, publicKey, privateKey) => {
        if (err) reject(err);
        else resolve({ privateKeyPem: privateKey, publicKeyDer: new Uint8Array(publicKey) });
      },
    );
  });
}

/** The SubjectPublicKeyInfo DER that belongs to a private key PEM. */
export function publicKeyDerOf(privateKeyPem: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createPublicKey(createPrivateKey(privateKeyPem)).export({ type: "spki", format: "der" }));
}

/** A WebCrypto signing key (RSA PKCS#1 v1.5 with SHA-384) from a private key PEM. */
export async function importSigningKey(privateKeyPem: string): Promise<CryptoKey> {
  const der = createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" });
  return crypto.subtle.importKey("pkcs8", new Uint8Array(der), RSA_SHA384, false, ["sign"]);
}
