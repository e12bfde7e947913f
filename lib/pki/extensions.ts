/**
 * Decoding the X.509 extensions a TRISA operator looks at (KU, EKU, BC, SKI/AKI, SAN, CRL
 * DP, AIA) from their raw DER, for certificates and for CSR extension requests alike.
 * A malformed extension throws; callers turn that into BAD_DER for the whole object,
 * because a certificate that lies about its own extensions is not one to show as valid.
 */
import "server-only";
import * as asn1js from "asn1js";
import {
  bitString,
  Asn1ShapeError,
  childrenOf,
  isContext,
  isUniversal,
  octets,
  oid,
  parseAsn1,
  primitiveBytes,
  sequence,
  smallInteger,
  TAG,
  type Asn1Node,
} from "./asn1-read";
import { toColonHex } from "./bytes";
import { generalName, generalNames, splitSans } from "./general-names";

export const OID = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  crlNumber: "2.5.29.20",
  crlReason: "2.5.29.21",
  crlDistributionPoints: "2.5.29.31",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  ocsp: "1.3.6.1.5.5.7.48.1",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  extensionRequest: "1.2.840.113549.1.9.14",
} as const;

const KEY_USAGE_NAMES = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "1.3.6.1.5.5.7.3.17": "ipsecIKE",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

export interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

/** `Extensions ::= SEQUENCE OF Extension`. */
export function readExtensionList(node: Asn1Node): RawExtension[] {
  const seen = new Set<string>();
  return sequence(node, "Extensions").map((ext) => {
    const parts = sequence(ext, "Extension");
    const id = oid(parts[0]);
    let i = 1;
    let critical = false;
    if (parts[i] instanceof asn1js.Boolean) {
      critical = (parts[i] as asn1js.Boolean).getValue();
      i++;
    }
    // RFC 5280: a certificate must not include more than one instance of an extension.
    if (seen.has(id)) throw new Asn1ShapeError(`duplicate extension ${id}`);
    seen.add(id);
    return { oid: id, critical, value: octets(parts[i]) };
  });
}

export interface DecodedExtensions {
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints?: { ca: boolean; pathLength?: number };
  subjectKeyId?: string;
  authorityKeyId?: string;
  dnsNames: string[];
  otherSans: string[];
  /** True when a subjectAltName extension is present (even if empty). */
  hasSan: boolean;
  crlDistributionPoints: string[];
  ocspUrls: string[];
  caIssuerUrls: string[];
}

function keyUsage(value: Uint8Array): string[] {
  const { bytes: bits, unusedBits: unused } = bitString(parseAsn1(value));
  const names: string[] = [];
  KEY_USAGE_NAMES.forEach((name, bit) => {
    const byte = bits[bit >> 3];
    const isLastByte = bit >> 3 === bits.length - 1;
    if (byte === undefined || (isLastByte && 7 - (bit & 7) < unused)) return;
    if (byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

function extendedKeyUsage(value: Uint8Array): string[] {
  return sequence(parseAsn1(value), "extKeyUsage").map((n) => {
    const id = oid(n);
    return EKU_NAMES[id] ?? id;
  });
}

function basicConstraints(value: Uint8Array): { ca: boolean; pathLength?: number } {
  const parts = sequence(parseAsn1(value), "basicConstraints");
  let ca = false;
  let pathLength: number | undefined;
  for (const p of parts) {
    if (p instanceof asn1js.Boolean) ca = p.getValue();
    else if (isUniversal(p, TAG.INTEGER)) pathLength = smallInteger(p, 2 ** 31);
    else throw new Asn1ShapeError("unexpected element in basicConstraints");
  }
  return pathLength === undefined ? { ca } : { ca, pathLength };
}

function authorityKeyId(value: Uint8Array): string | undefined {
  const parts = sequence(parseAsn1(value), "authorityKeyIdentifier");
  const keyId = parts.find((p) => isContext(p, 0));
  return keyId ? toColonHex(primitiveBytes(keyId)) : undefined;
}

function crlDistributionPoints(value: Uint8Array): string[] {
  const urls: string[] = [];
  for (const dp of sequence(parseAsn1(value), "cRLDistributionPoints")) {
    const dpName = childrenOf(dp, "DistributionPoint").find((p) => isContext(p, 0));
    if (!dpName) continue;
    const fullName = childrenOf(dpName, "DistributionPointName").find((p) => isContext(p, 0));
    if (!fullName) continue; // nameRelativeToCRLIssuer has no URL to show
    for (const name of generalNames(fullName)) if (name.type === "uri") urls.push(name.value);
  }
  return urls;
}

function authorityInfoAccess(value: Uint8Array): { ocsp: string[]; caIssuers: string[] } {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  for (const ad of sequence(parseAsn1(value), "authorityInfoAccess")) {
    const [method, location] = sequence(ad, "AccessDescription");
    if (!location) throw new Asn1ShapeError("AccessDescription without a location");
    const name = generalName(location);
    if (name.type !== "uri") continue;
    const m = oid(method);
    if (m === OID.ocsp) ocsp.push(name.value);
    else if (m === OID.caIssuers) caIssuers.push(name.value);
  }
  return { ocsp, caIssuers };
}

/** Decodes the extensions lib/pki reports; others are ignored. */
export function decodeExtensions(list: RawExtension[]): DecodedExtensions {
  const out: DecodedExtensions = {
    keyUsage: [],
    extendedKeyUsage: [],
    dnsNames: [],
    otherSans: [],
    hasSan: false,
    crlDistributionPoints: [],
    ocspUrls: [],
    caIssuerUrls: [],
  };
  for (const ext of list) {
    switch (ext.oid) {
      case OID.keyUsage:
        out.keyUsage = keyUsage(ext.value);
        break;
      case OID.extKeyUsage:
        out.extendedKeyUsage = extendedKeyUsage(ext.value);
        break;
      case OID.basicConstraints:
        out.basicConstraints = basicConstraints(ext.value);
        break;
      case OID.subjectKeyIdentifier:
        out.subjectKeyId = toColonHex(octets(parseAsn1(ext.value)));
        break;
      case OID.authorityKeyIdentifier:
        out.authorityKeyId = authorityKeyId(ext.value);
        break;
      case OID.subjectAltName: {
        const sans = splitSans(generalNames(parseAsn1(ext.value)));
        out.hasSan = true;
        out.dnsNames = sans.dnsNames;
        out.otherSans = sans.otherSans;
        break;
      }
      case OID.crlDistributionPoints:
        out.crlDistributionPoints = crlDistributionPoints(ext.value);
        break;
      case OID.authorityInfoAccess: {
        const aia = authorityInfoAccess(ext.value);
        out.ocspUrls = aia.ocsp;
        out.caIssuerUrls = aia.caIssuers;
        break;
      }
    }
  }
  return out;
}
