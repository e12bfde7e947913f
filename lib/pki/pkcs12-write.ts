/**
 * Writing PKCS#12 files for the simulator's downloads and for people who need one.
 * - "modern": PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for key and certificates and a
 *   SHA-256 MAC, the profile of OpenSSL 3's default `openssl pkcs12 -export`; written with
 *   pkijs, with the key bag re-encoded as DER because pkijs
 *   writes BER that strict readers (node-forge) refuse.
 * - "legacy": pbeWithSHAAnd3-KeyTripleDES-CBC for the key bag and the certificate bags and
 *   an HMAC-SHA1 MAC, as go-pkcs12's Legacy encoder (the staging CA) writes; opens on old
 *   keychains and with OpenSSL 3 without -legacy.
 * The leaf certificate and the key carry the same localKeyID (SHA-1 of the leaf), as
 * OpenSSL and Sectigo do. Passwords are restricted to printable ASCII, because readers
 * disagree on how to encode anything else.
 */
import "server-only";
import { createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { bytesEqual, toArrayBuffer } from "./bytes";
import { certificatePartsFromDer } from "./certificate";
import { PkiError } from "./errors";
import { CERTIFICATE_LABELS, readSinglePem } from "./pem";
import { computeMac, passwordVariants, PBE_OIDS, tripleDesEncrypt, type Password } from "./pkcs12-crypto";

export interface WritePkcs12Options {
  /** The private key, PKCS#8 or PKCS#1 PEM, unencrypted. */
  privateKeyPem: string;
  /** Leaf first, then its chain. */
  certificatePems: string[];
  password: string;
  format: "modern" | "legacy";
  /** Key-derivation iterations; default 100,000 (modern) or 2,048 (legacy, as Sectigo). */
  iterations?: number;
}

const DEFAULT_ITERATIONS = { modern: 100_000, legacy: 2048 } as const;

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  sha1: "1.3.14.3.2.26",
} as const;

const engine = new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto });

interface Prepared {
  pkcs8: Uint8Array;
  certs: Uint8Array[];
  keyId: Uint8Array;
  iterations: number;
}

function prepare(opts: WritePkcs12Options): Prepared {
  if (!/^[\x20-\x7e]{1,256}$/.test(opts.password)) {
    throw new PkiError("BAD_PKCS12", "A PKCS#12 password must be 1 to 256 printable ASCII characters.");
  }
  const iterations = opts.iterations ?? DEFAULT_ITERATIONS[opts.format];
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) {
    throw new PkiError("BAD_PKCS12", "The iteration count must be a whole number from 1 to 10,000,000.");
  }
  if (opts.certificatePems.length === 0) throw new PkiError("BAD_PKCS12", "A PKCS#12 file needs at least the leaf certificate.");
  const certs = opts.certificatePems.map((pem) => readSinglePem(pem, { labels: CERTIFICATE_LABELS, noun: "certificate" }));
  const leafSpki = certificatePartsFromDer(certs[0] as Uint8Array).spki;
  for (const der of certs.slice(1)) certificatePartsFromDer(der); // each must be a certificate
  let pkcs8: Uint8Array;
  let spki: Uint8Array;
  try {
    const key = createPrivateKey(opts.privateKeyPem);
    pkcs8 = new Uint8Array(key.export({ type: "pkcs8", format: "der" }));
    spki = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  } catch (err) {
    throw new PkiError("BAD_DER", "The private key could not be read; give an unencrypted PKCS#8 or PKCS#1 PEM key.", { cause: err });
  }
  if (!bytesEqual(leafSpki, spki)) {
    throw new PkiError("BAD_PKCS12", "The private key does not belong to the first certificate; list the leaf certificate first.");
  }
  const keyId = new Uint8Array(createHash("sha1").update(certs[0] as Uint8Array).digest());
  return { pkcs8, certs, keyId, iterations };
}

async function writeModern(p: Prepared, password: string): Promise<Uint8Array> {
  const pwd = toArrayBuffer(new Uint8Array(Buffer.from(password, "utf8")));
  const attrs = () => [
    new pkijs.Attribute({ type: OIDS.localKeyId, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(p.keyId) })] }),
  ];
  const enc = {
    password: pwd,
    // The type demands an iv, which pkijs generates itself.
    contentEncryptionAlgorithm: { name: "AES-CBC", length: 256 } as pkijs.ContentEncryptionAlgorithm,
    hmacHashAlgorithm: "SHA-256",
    iterationCount: p.iterations,
  };
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(p.pkcs8)) });
  await keyBag.makeInternalValues(enc, engine);
  keyBag.encryptedData = new asn1js.OctetString({ valueHex: keyBag.encryptedData.getValue() }); // DER, not chunked BER
  const certBags = p.certs.map(
    (der, i) =>
      new pkijs.SafeBag({
        bagId: OIDS.certBag,
        bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(toArrayBuffer(der)) }),
        bagAttributes: i === 0 ? attrs() : undefined,
      }),
  );
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: OIDS.shroudedKeyBag, bagValue: keyBag, bagAttributes: attrs() })] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue?.authenticatedSafe?.makeInternalValues({ safeContents: [{}, enc] }, engine);
  await pfx.makeInternalValues(
    { password: pwd, iterations: p.iterations, pbkdf2HashAlgorithm: "SHA-256" as unknown as Algorithm, hmacHashAlgorithm: "SHA-256" },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

// Small DER builders for the legacy layout.
const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const setOf = (...value: asn1js.AsnType[]) => new asn1js.Set({ value });
const oidNode = (value: string) => new asn1js.ObjectIdentifier({ value });
const octet = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: toArrayBuffer(bytes) });
const int = (value: number) => new asn1js.Integer({ value });
const explicit0 = (inner: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
const implicit0 = (bytes: Uint8Array) => new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: toArrayBuffer(bytes) });
const der = (node: asn1js.AsnType) => new Uint8Array(node.toBER(false));

function writeLegacy(p: Prepared, password: Password): Uint8Array {
  const pbe = (salt: Uint8Array) => seq(oidNode(PBE_OIDS.sha1And3KeyTripleDesCbc), seq(octet(salt), int(p.iterations)));
  const keyIdAttrs = () => setOf(seq(oidNode(OIDS.localKeyId), setOf(octet(p.keyId))));

  const certBags = p.certs.map((cert, i) => {
    const bag = [oidNode(OIDS.certBag), explicit0(seq(oidNode(OIDS.x509Certificate), explicit0(octet(cert))))];
    return seq(...(i === 0 ? [...bag, keyIdAttrs()] : bag));
  });
  const certSalt = new Uint8Array(randomBytes(8));
  const encryptedCerts = tripleDesEncrypt(der(seq(...certBags)), password, certSalt, p.iterations);
  const certInfo = seq(
    oidNode(OIDS.encryptedData),
    explicit0(seq(int(0), seq(oidNode(OIDS.data), pbe(certSalt), implicit0(encryptedCerts)))),
  );

  const keySalt = new Uint8Array(randomBytes(8));
  const shrouded = seq(pbe(keySalt), octet(tripleDesEncrypt(p.pkcs8, password, keySalt, p.iterations)));
  const keyInfo = seq(oidNode(OIDS.data), explicit0(octet(der(seq(seq(oidNode(OIDS.shroudedKeyBag), explicit0(shrouded), keyIdAttrs()))))));

  const authSafe = der(seq(certInfo, keyInfo));
  const macSalt = new Uint8Array(randomBytes(8));
  const mac = computeMac("sha1", authSafe, password, macSalt, p.iterations);
  return der(
    seq(
      int(3),
      seq(oidNode(OIDS.data), explicit0(octet(authSafe))),
      seq(seq(seq(oidNode(OIDS.sha1), new asn1js.Null()), octet(mac)), octet(macSalt), int(p.iterations)),
    ),
  );
}

/**
 * A password-protected PKCS#12 holding the key and the certificates (leaf first). Throws
 * PkiError when the key does not match the leaf or an input cannot be read.
 */
export async function writePkcs12(opts: WritePkcs12Options): Promise<Uint8Array> {
  const prepared = prepare(opts);
  if (opts.format === "legacy") return writeLegacy(prepared, passwordVariants(opts.password)[0] as Password);
  return writeModern(prepared, opts.password);
}
