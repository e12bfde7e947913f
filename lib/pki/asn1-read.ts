/**
 * Small, strict accessors over asn1js parse trees, for the structures lib/pki decodes by
 * hand (certificates, CSRs, CRLs, PKCS#12). Each accessor throws an Asn1ShapeError when
 * the shape is not what it expects; callers wrap them with `guard` to turn that into a
 * PkiError with a message that fits their context (the shape is added in parentheses). asn1js 4 bounds depth, node count and content
 * length while parsing, which keeps hostile input from exhausting the stack or memory.
 */
import "server-only";
import * as asn1js from "asn1js";
import { asBytes } from "./bytes";

export type Asn1Node = asn1js.AsnType;

/** A structure did not have the expected shape; the message names what was expected. */
export class Asn1ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Asn1ShapeError";
  }
}

const UNIVERSAL = 1;
const CONTEXT = 3;

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  SEQUENCE: 16,
  SET: 17,
} as const;

/** Parses one DER/BER element that must fill the input exactly. */
export function parseAsn1(data: Uint8Array, options?: asn1js.FromBerOptions): Asn1Node {
  const bytes = asBytes(data);
  if (bytes.byteLength === 0) throw new Asn1ShapeError("empty input");
  const res = asn1js.fromBER(bytes, options);
  if (res.offset === -1 || res.result.error) throw new Asn1ShapeError(`not valid DER: ${res.result.error || "parse error"}`);
  if (res.offset !== bytes.byteLength) throw new Asn1ShapeError("trailing bytes after the DER element");
  return res.result;
}

function describe(node: Asn1Node): string {
  return `class ${node.idBlock.tagClass} tag ${node.idBlock.tagNumber}`;
}

export function isUniversal(node: Asn1Node, tag: number): boolean {
  return node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === tag;
}

export function isContext(node: Asn1Node, tag: number): boolean {
  return node.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === tag;
}

/** Children of a SEQUENCE, SET or explicitly tagged (constructed) element. */
export function childrenOf(node: Asn1Node, what = "a constructed element"): Asn1Node[] {
  if (!node.idBlock.isConstructed) throw new Asn1ShapeError(`expected ${what}, got ${describe(node)}`);
  const value = (node.valueBlock as { value?: unknown }).value;
  if (!Array.isArray(value)) throw new Asn1ShapeError(`expected ${what}`);
  return value as Asn1Node[];
}

export function sequence(node: Asn1Node | undefined, what = "SEQUENCE"): Asn1Node[] {
  if (!node || !isUniversal(node, TAG.SEQUENCE)) throw new Asn1ShapeError(`expected ${what}`);
  return childrenOf(node, what);
}

export function set(node: Asn1Node | undefined, what = "SET"): Asn1Node[] {
  if (!node || !isUniversal(node, TAG.SET)) throw new Asn1ShapeError(`expected ${what}`);
  return childrenOf(node, what);
}

/** The single element inside an EXPLICIT [n] tag. */
export function explicit(node: Asn1Node | undefined, tag: number): Asn1Node {
  if (!node || !isContext(node, tag)) throw new Asn1ShapeError(`expected [${tag}]`);
  const inner = childrenOf(node, `[${tag}] EXPLICIT`);
  if (inner.length !== 1 || !inner[0]) throw new Asn1ShapeError(`expected one element in [${tag}]`);
  return inner[0];
}

export function oid(node: Asn1Node | undefined): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new Asn1ShapeError("expected OBJECT IDENTIFIER");
  return node.valueBlock.toString();
}

/** Content of an OCTET STRING, constructed (BER) or not. */
export function octets(node: Asn1Node | undefined): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw new Asn1ShapeError("expected OCTET STRING");
  return new Uint8Array(node.getValue());
}

/** Content octets of a primitive element, whatever its tag (IMPLICIT tags). */
export function primitiveBytes(node: Asn1Node): Uint8Array {
  if (node.idBlock.isConstructed) {
    // A constructed IMPLICIT OCTET STRING (BER): concatenate its primitive pieces.
    return Uint8Array.from(childrenOf(node).flatMap((c) => Array.from(primitiveBytes(c))));
  }
  const view = (node.valueBlock as { valueHexView?: Uint8Array }).valueHexView;
  if (!(view instanceof Uint8Array)) throw new Asn1ShapeError(`expected a primitive value, got ${describe(node)}`);
  return new Uint8Array(view);
}

/** A BIT STRING's bytes and its count of unused trailing bits (asn1js strips that octet). */
export function bitString(node: Asn1Node | undefined): { bytes: Uint8Array; unusedBits: number } {
  if (!(node instanceof asn1js.BitString) || node.idBlock.isConstructed) throw new Asn1ShapeError("expected BIT STRING");
  return { bytes: new Uint8Array(node.valueBlock.valueHexView), unusedBits: node.valueBlock.unusedBits };
}

/** The two's-complement content bytes of an INTEGER. */
export function integerBytes(node: Asn1Node | undefined): Uint8Array {
  if (!node || !isUniversal(node, TAG.INTEGER) || node.idBlock.isConstructed) throw new Asn1ShapeError("expected INTEGER");
  const bytes = primitiveBytes(node);
  if (bytes.byteLength === 0) throw new Asn1ShapeError("empty INTEGER");
  return bytes;
}

export function bigIntFromTwosComplement(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (bytes.byteLength > 0 && (bytes[0] ?? 0) & 0x80) n -= 1n << BigInt(bytes.byteLength * 8);
  return n;
}

export function integer(node: Asn1Node | undefined): bigint {
  return bigIntFromTwosComplement(integerBytes(node));
}

/** A small non-negative INTEGER (counts, versions), rejected when it does not fit. */
export function smallInteger(node: Asn1Node | undefined, max = Number.MAX_SAFE_INTEGER): number {
  const value = integer(node);
  if (value < 0n || value > BigInt(max)) throw new Asn1ShapeError("INTEGER out of range");
  return Number(value);
}

/** The bytes of an element exactly as they were in the input (re-encoded if built in code). */
export function encoded(node: Asn1Node): Uint8Array {
  const original = node.valueBeforeDecodeView;
  if (original && original.byteLength > 0) return new Uint8Array(original);
  return new Uint8Array(node.toBER(false));
}
