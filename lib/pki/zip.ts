/**
 * ZIP archives in and out (fflate). Archives come from Sectigo, the simulator and people's
 * uploads, so reading is defensive: names that could escape a folder are refused, entry
 * count and sizes are checked from the central directory before anything is inflated,
 * and each entry is inflated into a buffer of its declared size, so an entry that lies
 * about its size cannot grow past the limit (a zip bomb). fflate does not check CRCs, so
 * they are checked here: a damaged download must say "damaged", not "wrong password".
 */
import "server-only";
import { crc32 } from "node:zlib";
import { unzipSync, zipSync, type Zippable } from "fflate";
import { isPkiError, PkiError } from "./errors";
import { printable } from "./text-safety";
import type { ZipEntry } from "./types";

export interface ZipLimits {
  /** Most entries (directories included); default 100. */
  maxEntries?: number;
  /** Largest uncompressed entry in bytes; default 10 MiB. */
  maxEntryBytes?: number;
  /** Largest uncompressed total in bytes; default 50 MiB. */
  maxTotalBytes?: number;
}

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxEntries: 100,
  maxEntryBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
};

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

/** Why an entry name is unsafe to extract, or null when it is fine. */
export function unsafeEntryName(name: string): string | null {
  if (name === "") return "has an empty name";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "has control characters in its name";
  if (name.includes("\\")) return "uses backslashes, which some systems read as folders";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "has an absolute path";
  if (name.split("/").includes("..")) return "points outside the archive folder (..)";
  return null;
}

function unsafe(name: string, why: string): PkiError {
  return new PkiError("ZIP_UNSAFE_ENTRY", `The ZIP entry "${printable(name, 80)}" ${why}; the archive was refused.`);
}

function looksLikeZip(bytes: Uint8Array): boolean {
  // A local file header, or an empty archive's end-of-central-directory record.
  const sig = bytes.byteLength >= 4 ? ((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8) | ((bytes[2] ?? 0) << 16) | ((bytes[3] ?? 0) << 24)) >>> 0 : 0;
  return sig === 0x04034b50 || sig === 0x06054b50;
}

/**
 * The CRC-32 of each central-directory entry, in directory order (the order fflate visits
 * them), or null when the directory cannot be walked simply (ZIP64), in which case
 * fflate's own parse is trusted.
 */
function centralDirectoryCrcs(bytes: Uint8Array): number[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let off = view.getUint32(eocd + 16, true);
  if (count === 0xffff || off === 0xffffffff) return null;
  const crcs: number[] = [];
  for (let n = 0; n < count; n++) {
    if (off + 46 > bytes.byteLength || view.getUint32(off, true) !== 0x02014b50) return null;
    crcs.push(view.getUint32(off + 16, true));
    off += 46 + view.getUint16(off + 28, true) + view.getUint16(off + 30, true) + view.getUint16(off + 32, true);
  }
  return crcs;
}

/**
 * The files of a ZIP, in archive order (directories are checked but not returned).
 * Throws PkiError BAD_ZIP, ZIP_UNSAFE_ENTRY, ZIP_ENTRY_COUNT or TOO_LARGE.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = {}): ZipEntry[] {
  const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new PkiError("EMPTY_INPUT", "The ZIP file is empty.");
  if (!looksLikeZip(bytes)) throw new PkiError("BAD_ZIP", "The file is not a ZIP archive.");

  const order: { name: string; size: number }[] = [];
  const seen = new Set<string>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        if (order.length + 1 > lim.maxEntries) {
          throw new PkiError("ZIP_ENTRY_COUNT", `The ZIP archive has more than ${lim.maxEntries} entries.`);
        }
        const why = unsafeEntryName(file.name);
        if (why) throw unsafe(file.name, why);
        if (seen.has(file.name)) throw unsafe(file.name, "appears twice");
        seen.add(file.name);
        if (file.compression !== 0 && file.compression !== 8) {
          throw new PkiError("BAD_ZIP", `The ZIP entry "${printable(file.name, 80)}" uses compression method ${file.compression}; only stored and deflated entries are supported.`);
        }
        if (file.originalSize > lim.maxEntryBytes) {
          throw new PkiError("TOO_LARGE", `The ZIP entry "${printable(file.name, 80)}" is larger than ${mib(lim.maxEntryBytes)} uncompressed.`);
        }
        total += file.originalSize;
        if (total > lim.maxTotalBytes) throw new PkiError("TOO_LARGE", `The ZIP archive is larger than ${mib(lim.maxTotalBytes)} uncompressed.`);
        order.push({ name: file.name, size: file.originalSize });
        return !file.name.endsWith("/");
      },
    });
  } catch (err) {
    if (isPkiError(err)) throw err;
    throw new PkiError("BAD_ZIP", "The ZIP archive is damaged or uses features that are not supported (encryption, multiple parts).", { cause: err });
  }
  const crcs = centralDirectoryCrcs(bytes);
  const entries: ZipEntry[] = [];
  for (const [i, { name, size }] of order.entries()) {
    if (name.endsWith("/")) continue;
    const data = files[name];
    const crc = crcs && crcs.length === order.length ? crcs[i] : undefined;
    if (!data || data.byteLength !== size || (crc !== undefined && crc32(data) >>> 0 !== crc)) {
      throw new PkiError("BAD_ZIP", `The ZIP entry "${printable(name, 80)}" does not match its recorded size or checksum; the archive is damaged.`);
    }
    entries.push({ name, data });
  }
  return entries;
}

/** A deflated ZIP of the entries, in order. Throws ZIP_UNSAFE_ENTRY for a bad or repeated name. */
export function writeZip(entries: ZipEntry[]): Uint8Array {
  const files: Zippable = Object.create(null) as Zippable;
  for (const entry of entries) {
    const why = unsafeEntryName(entry.name) ?? (entry.name in files ? "appears twice" : null);
    if (why) throw unsafe(entry.name, why);
    files[entry.name] = [entry.data, { level: 6 }];
  }
  return zipSync(files);
}
