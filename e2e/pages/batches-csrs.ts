/**
 * CSRs made in the test process (Node's WebCrypto + @peculiar/x509), and a forged one: a
 * valid CSR with one byte of its subject changed, so it still decodes but its signature no
 * longer matches — what an altered request looks like.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

export async function makeCsrPem(commonName: string): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}, O=E2E VASP, C=US`,
    keys,
    signingAlgorithm: EC,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: commonName }]),
    ],
  });
  return csr.toString("pem");
}

/** The same CSR with one letter of the subject's common name changed (signature now wrong). */
export function forgeCsrPem(pem: string, commonName: string): string {
  const der = Buffer.from(x509.PemConverter.decodeFirst(pem));
  const at = der.indexOf(Buffer.from(commonName, "ascii"));
  if (at < 0) throw new Error("common name not found in the CSR");
  // The first byte of the CN inside the subject: "e" of "e2e-…" becomes "f".
  der[at] = (der[at] ?? 0) ^ 0x03;
  return x509.PemConverter.encode(der, "CERTIFICATE REQUEST");
}
