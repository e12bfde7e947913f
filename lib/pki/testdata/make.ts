/**
 * Test fixtures made on the fly (nothing committed as .pem: generated keys and
 * certificates are clearer about what they contain, and *.pem is git-ignored).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crypto, x509 } from "@/lib/pki/x509";

export const RSA_SHA256: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
export const EC_P256: EcKeyGenParams & { hash: string } = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

export async function rsaKeys(bits = 2048): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey({ ...RSA_SHA256, modulusLength: bits }, true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function ecKeys(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(EC_P256, true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

export interface CsrSpec {
  name?: string;
  dns?: string[];
  keys: CryptoKeyPair;
  ec?: boolean;
  extraExtensions?: x509.Extension[];
}

export async function makeCsr(spec: CsrSpec): Promise<x509.Pkcs10CertificateRequest> {
  const extensions: x509.Extension[] = [...(spec.extraExtensions ?? [])];
  if (spec.dns?.length) {
    extensions.push(new x509.SubjectAlternativeNameExtension(spec.dns.map((value) => ({ type: "dns" as const, value }))));
  }
  return x509.Pkcs10CertificateRequestGenerator.create({
    name: spec.name,
    keys: spec.keys,
    signingAlgorithm: spec.ec ? EC_P256 : RSA_SHA256,
    extensions,
  });
}

export function csrDer(csr: x509.Pkcs10CertificateRequest): Uint8Array {
  return new Uint8Array(csr.rawData);
}

/** Runs the real openssl binary in a scratch folder; returns stdout. */
export function openssl(args: string[], opts: { cwd: string; input?: string | Buffer }): string {
  return execFileSync("openssl", args, { cwd: opts.cwd, input: opts.input, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
}

export function scratchDir(): { dir: string; write(name: string, data: string | Uint8Array): string; read(name: string): Buffer; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "pki-test-"));
  return {
    dir,
    write(name, data) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    read: (name) => readFileSync(path.join(dir, name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface IssuedChain {
  root: x509.X509Certificate;
  issuing: x509.X509Certificate;
  leaf: x509.X509Certificate;
  leafKeys: CryptoKeyPair;
  issuingKeys: CryptoKeyPair;
}

const DAY = 86_400_000;

/** A root → issuing CA → leaf chain shaped like the Sectigo download (docs/sectigo-protocol.md §4.6), RSA-2048 for speed. */
export async function makeChain(opts: { leafCn?: string; leafSerial?: string } = {}): Promise<IssuedChain> {
  const cn = opts.leafCn ?? "trisa.example.com";
  const [rootKeys, issuingKeys, leafKeys] = await Promise.all([rsaKeys(), rsaKeys(), rsaKeys()]);
  const notBefore = new Date(Date.now() - DAY);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "C=US, O=Test Trust, CN=Test Root CA",
    notBefore,
    notAfter: new Date(Date.now() + 3650 * DAY),
    keys: rootKeys,
    signingAlgorithm: RSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "C=US, O=Test Trust, CN=Test Issuing CA",
    issuer: root.subject,
    notBefore,
    notAfter: new Date(Date.now() + 1825 * DAY),
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: RSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: opts.leafSerial ?? "5A1E2F3D4C5B6A798877665544332211",
    subject: `C=US, ST=California, L=Menlo Park, O=CipherTrace Inc, CN=${cn}`,
    issuer: issuing.subject,
    notBefore,
    notAfter: new Date(Date.now() + 395 * DAY),
    publicKey: leafKeys.publicKey,
    signingKey: issuingKeys.privateKey,
    signingAlgorithm: RSA_SHA256,
    extensions: [
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth], true),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: cn }]),
      new x509.CRLDistributionPointsExtension(["http://crl.example.test/issuing.crl"]),
      new x509.AuthorityInfoAccessExtension({
        ocsp: [new x509.GeneralName("url", "http://ocsp.example.test")],
        caIssuers: [new x509.GeneralName("url", "http://crt.example.test/issuing.crt")],
      }),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuingKeys.publicKey),
    ],
  });
  return { root, issuing, leaf, leafKeys, issuingKeys };
}
