/** CSRs for the contract tests, made with @peculiar/x509 (the openssl recipe has its own test). */
import { x509, crypto } from "@/lib/pki/x509";

export interface TestCsr {
  pem: string;
  keys: CryptoKeyPair;
}

export async function makeCsr(opts: { commonName: string; dnsNames: string[]; bits?: number }): Promise<TestCsr> {
  const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: opts.bits ?? 2048 };
  const keys = (await crypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const extensions = opts.dnsNames.length
    ? [new x509.SubjectAlternativeNameExtension(opts.dnsNames.map((value) => ({ type: "dns" as const, value })))]
    : [];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${opts.commonName}, O=Contract VASP, C=US`,
    keys,
    signingAlgorithm: alg,
    extensions,
  });
  return { pem: csr.toString("pem"), keys };
}
