/**
 * X.501 names to DistinguishedName DTOs. The text form follows RFC 4514 (most specific
 * RDN first, as openssl -nameopt RFC2253 prints it) but separates RDNs with ", " for
 * reading. Values keep their characters, except that control, bidi-override and invisible
 * characters are written as \XX escapes in the text, so a name can never rearrange or hide
 * part of what a page or log shows. The structured fields keep the raw values.
 */
import "server-only";
import { Asn1ShapeError, encoded, oid, primitiveBytes, sequence, set, type Asn1Node } from "./asn1-read";
import { toHex } from "./bytes";
import type { DistinguishedName } from "./types";

/** Attribute short names, by OID, as openssl prints them. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.15": "businessCategory",
  "2.5.4.17": "postalCode",
  "2.5.4.42": "GN",
  "2.5.4.43": "initials",
  "2.5.4.44": "generationQualifier",
  "2.5.4.46": "dnQualifier",
  "2.5.4.65": "pseudonym",
  "2.5.4.97": "organizationIdentifier",
  "0.9.2342.19200300.100.1.1": "UID",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "emailAddress",
  "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionL",
  "1.3.6.1.4.1.311.60.2.1.2": "jurisdictionST",
  "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
};

export interface NameAttribute {
  oid: string;
  /** Short name ("CN") or the dotted OID when unknown. */
  type: string;
  value: string;
}

function decodeUtf16be(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return out;
}

function decodeUtf32be(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const cp = (((bytes[i] ?? 0) << 24) | ((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0)) >>> 0;
    out += cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
  }
  return out;
}

// Decodes the directory string types; anything else is shown as "#<hex of its DER>", the
// RFC 4514 form for values without a string representation.
function attributeValue(node: Asn1Node): string {
  const { tagClass, tagNumber, isConstructed } = node.idBlock;
  if (tagClass === 1 && !isConstructed) {
    const bytes = primitiveBytes(node);
    switch (tagNumber) {
      case 12: // UTF8String
        return new TextDecoder("utf-8").decode(bytes);
      case 18: // NumericString
      case 19: // PrintableString
      case 20: // TeletexString (in practice Latin-1)
      case 22: // IA5String
      case 26: // VisibleString
      case 27: // GeneralString
        return Buffer.from(bytes).toString("latin1");
      case 30: // BMPString
        return decodeUtf16be(bytes);
      case 28: // UniversalString
        return decodeUtf32be(bytes);
    }
  }
  return `#${toHex(encoded(node))}`;
}

/** Attributes in encoding order (least specific first, usually C … CN). */
export function nameAttributes(name: Asn1Node): NameAttribute[][] {
  return sequence(name, "Name").map((rdn) =>
    set(rdn, "RelativeDistinguishedName").map((atv) => {
      const [type, value] = sequence(atv, "AttributeTypeAndValue");
      if (!value) throw new Asn1ShapeError("attribute without a value");
      const id = oid(type);
      return { oid: id, type: ATTRIBUTE_NAMES[id] ?? id, value: attributeValue(value) };
    }),
  );
}

function escapeValue(value: string): string {
  if (value.startsWith("#") && /^#[0-9A-F]+$/.test(value)) return value; // already a hex dump
  let out = "";
  const chars = [...value];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x061c || cp === 0xfeff) {
      out += [...Buffer.from(ch, "utf8")].map((b) => `\\${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
    } else if (',+"\\<>;'.includes(ch) || (i === 0 && (ch === "#" || ch === " ")) || (i === chars.length - 1 && ch === " ")) {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
  });
  return out;
}

/** RFC 4514 text of attributes given in encoding order. */
export function nameText(rdns: NameAttribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.type}=${escapeValue(a.value)}`).join("+"))
    .join(", ");
}

function last(rdns: NameAttribute[][], oidValue: string): string | undefined {
  let found: string | undefined;
  for (const rdn of rdns) for (const a of rdn) if (a.oid === oidValue) found = a.value;
  return found;
}

/** A parsed Name node to the DTO. The most specific (last encoded) value wins for each field. */
export function distinguishedName(name: Asn1Node): DistinguishedName {
  const rdns = nameAttributes(name);
  const dn: DistinguishedName = { text: nameText(rdns) };
  const fields: [keyof Omit<DistinguishedName, "text">, string][] = [
    ["commonName", "2.5.4.3"],
    ["organization", "2.5.4.10"],
    ["organizationalUnit", "2.5.4.11"],
    ["locality", "2.5.4.7"],
    ["state", "2.5.4.8"],
    ["country", "2.5.4.6"],
  ];
  for (const [field, id] of fields) {
    const v = last(rdns, id);
    if (v !== undefined) dn[field] = v;
  }
  return dn;
}

/** Every value of one attribute (e.g. all CNs), in encoding order. */
export function nameValues(name: Asn1Node, oidValue: string): string[] {
  return nameAttributes(name).flatMap((rdn) => rdn.filter((a) => a.oid === oidValue).map((a) => a.value));
}
