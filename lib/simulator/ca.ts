/**
 * The simulator's local CA: a root and an issuing CA, created once in
 * `<dataDir>/simulator/` and reused on every start, so certificates issued before a
 * restart still chain and the CRL stays signed by the same key.
 *
 * Rules: each private key is a PKCS#8 PEM file of mode 0600, written before its
 * certificate, so a certificate file on disk always has its key beside it. A root or
 * issuing CA whose files disagree stops the start instead of silently minting a new CA.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { x509 } from "@/lib/pki/x509";
import { SimulatorError } from "./errors";
import { readTextIfExists, writeFileAtomic } from "./files";
import { generateRsaKey, importSigningKey, publicKeyDerOf, RSA_SHA384 } from "./keys";

export const CA_ORGANIZATION = "TRISA Simulator";
export const ROOT_CA_NAME = "TRISA Simulator Root CA";
export const ISSUING_CA_NAME = "TRISA Simulator Issuing CA";

const ROOT_YEARS = 40;
const ISSUING_YEARS = 20;

export interface CaCertificate {
  cert: x509.X509Certificate;
  pem: string;
  der: Uint8Array<ArrayBuffer>;
}

export interface LocalCa {
  root: CaCertificate;
  issuing: CaCertificate & { signingKey: CryptoKey };
}

/** DER order C, O, CN (what openssl prints as "C=US, O=TRISA Simulator, CN=…"). */
function caName(commonName: string): x509.JsonName {
  return [{ "2.5.4.6": ["US"] }, { "2.5.4.10": [CA_ORGANIZATION] }, { "2.5.4.3": [commonName] }];
}

/** 16 random bytes as a positive serial with a non-zero first byte (always 32 hex digits). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return bytes.toString("hex").toUpperCase();
}

function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

function material(cert: x509.X509Certificate): CaCertificate {
  return { cert, pem: cert.toString("pem"), der: new Uint8Array(cert.rawData) };
}

interface CaFiles {
  keyFile: string;
  certFile: string;
}

const files = (dir: string, stem: string): CaFiles => ({
  keyFile: path.join(dir, `${stem}.key.pem`),
  certFile: path.join(dir, `${stem}.crt.pem`),
});

async function loadPair(f: CaFiles, label: string): Promise<{ cert: x509.X509Certificate; keyPem: string } | undefined> {
  const certPem = await readTextIfExists(f.certFile);
  if (certPem === undefined) return undefined;
  const keyPem = await readTextIfExists(f.keyFile);
  if (keyPem === undefined) {
    throw new SimulatorError("CA_INCONSISTENT", 500, `The ${label} certificate ${f.certFile} has no key file beside it; restore ${f.keyFile} or remove the simulator folder to start a new CA.`);
  }
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(certPem);
  } catch {
    throw new SimulatorError("CA_INCONSISTENT", 500, `The ${label} certificate file ${f.certFile} cannot be read; restore it or remove the simulator folder to start a new CA.`);
  }
  const keySpki = publicKeyDerOf(keyPem);
  if (Buffer.compare(Buffer.from(keySpki), Buffer.from(cert.publicKey.rawData)) !== 0) {
    throw new SimulatorError("CA_INCONSISTENT", 500, `The ${label} key file ${f.keyFile} does not match its certificate; restore the pair or remove the simulator folder to start a new CA.`);
  }
  return { cert, keyPem };
}

async function createCaCertificate(args: {
  subject: x509.JsonName;
  issuer: x509.Name;
  publicKeyDer: Uint8Array<ArrayBuffer>;
  signingKeyPem: string;
  issuerPublicKey: Uint8Array<ArrayBuffer>;
  pathLength: number | undefined;
  notBefore: Date;
  years: number;
}): Promise<x509.X509Certificate> {
  const signingKey = await importSigningKey(args.signingKeyPem);
  const usages = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature;
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialHex(),
    subject: args.subject,
    issuer: args.issuer,
    publicKey: args.publicKeyDer,
    signingKey,
    signingAlgorithm: RSA_SHA384,
    notBefore: args.notBefore,
    notAfter: addYears(args.notBefore, args.years),
    extensions: [
      new x509.BasicConstraintsExtension(true, args.pathLength, true),
      new x509.KeyUsagesExtension(usages, true),
      await x509.SubjectKeyIdentifierExtension.create(args.publicKeyDer),
      await x509.AuthorityKeyIdentifierExtension.create(args.issuerPublicKey),
    ],
  });
}

/** Loads the CA from `dir`, creating whichever part is missing. */
export async function loadOrCreateCa(dir: string, keyBits: number, now: Date): Promise<LocalCa> {
  const rootFiles = files(dir, "root-ca");
  const issuingFiles = files(dir, "issuing-ca");

  let root = await loadPair(rootFiles, "root CA");
  let rootIsNew = false;
  if (!root) {
    const key = await generateRsaKey(keyBits);
    const name = new x509.Name(caName(ROOT_CA_NAME));
    const cert = await createCaCertificate({
      subject: caName(ROOT_CA_NAME),
      issuer: name,
      publicKeyDer: key.publicKeyDer,
      signingKeyPem: key.privateKeyPem,
      issuerPublicKey: key.publicKeyDer,
      pathLength: undefined,
      notBefore: now,
      years: ROOT_YEARS,
    });
    await writeFileAtomic(rootFiles.keyFile, key.privateKeyPem, 0o600);
    await writeFileAtomic(rootFiles.certFile, cert.toString("pem"), 0o644);
    root = { cert, keyPem: key.privateKeyPem };
    rootIsNew = true;
  }

  let issuing = rootIsNew ? undefined : await loadPair(issuingFiles, "issuing CA");
  if (issuing) {
    const chained = await issuing.cert.verify({ publicKey: root.cert.publicKey, signatureOnly: true });
    if (!chained) {
      throw new SimulatorError("CA_INCONSISTENT", 500, `The issuing CA in ${dir} was not signed by the root CA there; restore the matching pair or remove the simulator folder to start a new CA.`);
    }
  } else {
    const key = await generateRsaKey(keyBits);
    const cert = await createCaCertificate({
      subject: caName(ISSUING_CA_NAME),
      issuer: root.cert.subjectName,
      publicKeyDer: key.publicKeyDer,
      signingKeyPem: root.keyPem,
      issuerPublicKey: new Uint8Array(root.cert.publicKey.rawData),
      pathLength: 0,
      notBefore: now,
      years: ISSUING_YEARS,
    });
    await writeFileAtomic(issuingFiles.keyFile, key.privateKeyPem, 0o600);
    await writeFileAtomic(issuingFiles.certFile, cert.toString("pem"), 0o644);
    issuing = { cert, keyPem: key.privateKeyPem };
  }

  return {
    root: material(root.cert),
    issuing: { ...material(issuing.cert), signingKey: await importSigningKey(issuing.keyPem) },
  };
}
