/**
 * GeneralName (RFC 5280 §4.2.1.6) to text, for SANs, CRL distribution points and AIA.
 * Decoded by hand rather than through @peculiar/x509, whose GeneralNames throws on an
 * otherName entry; one unusual SAN entry must not make a whole certificate unreadable.
 */
import "server-only";
import { childrenOf, encoded, oid, primitiveBytes, type Asn1Node } from "./asn1-read";
import { toHex } from "./bytes";
import { distinguishedName } from "./dn";

export interface GeneralNameValue {
  type: "dns" | "email" | "uri" | "ip" | "dirName" | "registeredId" | "otherName" | "other";
  value: string;
}

function ia5(node: Asn1Node): string {
  return Buffer.from(primitiveBytes(node)).toString("latin1");
}

function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join(".");
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16).toUpperCase());
    return groups.join(":");
  }
  return `#${toHex(bytes)}`; // an address/mask pair (name constraints) or garbage
}

export function generalName(node: Asn1Node): GeneralNameValue {
  const { tagClass, tagNumber } = node.idBlock;
  if (tagClass !== 3) return { type: "other", value: `#${toHex(encoded(node))}` };
  switch (tagNumber) {
    case 1:
      return { type: "email", value: ia5(node) };
    case 2:
      return { type: "dns", value: ia5(node) };
    case 6:
      return { type: "uri", value: ia5(node) };
    case 7:
      return { type: "ip", value: ipText(primitiveBytes(node)) };
    case 4: {
      const [name] = childrenOf(node, "directoryName");
      return { type: "dirName", value: name ? distinguishedName(name).text : "" };
    }
    case 8:
      return { type: "registeredId", value: oidFromImplicit(node) };
    case 0: {
      const [typeId] = childrenOf(node, "otherName");
      return { type: "otherName", value: typeId ? safeOid(typeId) : "" };
    }
    default:
      return { type: "other", value: `#${toHex(encoded(node))}` };
  }
}

function safeOid(node: Asn1Node): string {
  try {
    return oid(node);
  } catch {
    return "?";
  }
}

// [8] IMPLICIT OBJECT IDENTIFIER: decode the base-128 arcs from the raw content bytes.
function oidFromImplicit(node: Asn1Node): string {
  const bytes = primitiveBytes(node);
  const arcs: bigint[] = [];
  let value = 0n;
  for (const b of bytes) {
    value = (value << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (arcs.length === 0) return "";
  const first = arcs[0] ?? 0n;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join(".");
}

/** Items of a GeneralNames node (a SEQUENCE, or an IMPLICIT [n] holding the same list). */
export function generalNames(node: Asn1Node): GeneralNameValue[] {
  return childrenOf(node, "GeneralNames").map(generalName);
}

const PREFIX: Record<GeneralNameValue["type"], string> = {
  dns: "DNS",
  email: "email",
  uri: "URI",
  ip: "IP",
  dirName: "DirName",
  registeredId: "RID",
  otherName: "othername",
  other: "other",
};

/** Splits SAN items into DNS names and "TYPE:value" strings for everything else. */
export function splitSans(items: GeneralNameValue[]): { dnsNames: string[]; otherSans: string[] } {
  const dnsNames: string[] = [];
  const otherSans: string[] = [];
  for (const item of items) {
    if (item.type === "dns") dnsNames.push(item.value);
    else otherSans.push(`${PREFIX[item.type]}:${item.value}`);
  }
  return { dnsNames, otherSans };
}
