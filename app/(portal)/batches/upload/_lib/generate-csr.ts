/**
 * Makes a key pair and a PKCS#10 CSR in the browser, with the extensions of the TRISA
 * recipe: basicConstraints CA:FALSE, keyUsage digitalSignature + nonRepudiation +
 * keyEncipherment (RSA only: an EC key cannot encipher keys, and strict TLS stacks refuse
 * the combination), extendedKeyUsage clientAuth + serverAuth, and the DNS names as SAN.
 *
 * Rule: the private key is returned to the caller as PEM for a local download and goes
 * nowhere else — no network, no storage, no log.
 */
import { x509 } from "./browser-x509";
import { sanNames, type CsrRecipe } from "./csr-recipe";

export interface GeneratedCsr {
  csrPem: string;
  /** PKCS#8 PEM; for the person's own download only */
  privateKeyPem: string;
}

function keyAlgorithm(recipe: CsrRecipe, rsaBits: number): RsaHashedKeyGenParams | EcKeyGenParams {
  return recipe.keyType === "ecdsa-p256"
    ? { name: "ECDSA", namedCurve: "P-256" }
    : { name: "RSASSA-PKCS1-v1_5", hash: recipe.hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: rsaBits };
}

/** Subject in the recipe's order (C, ST, L, O, CN); empty fields are left out. */
function subject(recipe: CsrRecipe): Record<string, string[]>[] {
  const parts: [string, string][] = [
    ["C", recipe.country],
    ["ST", recipe.state],
    ["L", recipe.locality],
    ["O", recipe.organization],
    ["CN", recipe.commonName],
  ];
  return parts.filter(([, value]) => value.trim() !== "").map(([type, value]) => ({ [type]: [value.trim()] }));
}

/** `rsaBits` exists for tests only; the form always uses 4096. */
export async function generateCsr(recipe: CsrRecipe, rsaBits = 4096): Promise<GeneratedCsr> {
  const crypto = globalThis.crypto;
  const algorithm = keyAlgorithm(recipe, rsaBits);
  // Extractable, or the key could not be offered for download.
  const keys = (await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  const usages =
    recipe.keyType === "ecdsa-p256"
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject(recipe),
    keys,
    signingAlgorithm: recipe.keyType === "ecdsa-p256" ? { name: "ECDSA", hash: recipe.hash } : { name: "RSASSA-PKCS1-v1_5", hash: recipe.hash },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(sanNames(recipe).map((value) => ({ type: "dns" as const, value }))),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    csrPem: csr.toString("pem"),
    privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
  };
}
