/**
 * Naming and writing a batch download (docs/sectigo-protocol.md §2.5).
 *
 * Rules: the file name comes from Content-Disposition (quoted or unquoted `filename`, or
 * RFC 2231 `filename*`), else `<batchId>.zip`; it is reduced to a safe base name so a
 * hostile header can never write outside the target directory; and the directory is
 * checked BEFORE any request, with Go's messages.
 */
import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import { DirectoryError } from "./errors";

/** The `filename` parameter of a Content-Disposition header, or undefined. */
export function contentDispositionFileName(header: string | null): string | undefined {
  if (header === null) return undefined;
  const params = parseParams(header);
  const extended = params.get("filename*");
  if (extended !== undefined) {
    const m = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(extended);
    if (m !== null && m[2] !== undefined) {
      try {
        return decodeURIComponent(m[2]);
      } catch {
        // A broken extended value: fall back to the plain one.
      }
    }
  }
  return params.get("filename");
}

/** `type; a=b; c="d \"e\""` → lower-cased names to values; the disposition type is skipped. */
function parseParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) {
    const name = (m[1] ?? "").toLowerCase();
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "").trim();
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

/**
 * A name that is safe to join to a directory: its last path segment, without control
 * characters; "", "." and ".." give the fallback `<batchId>.zip`.
 */
export function safeDownloadName(name: string | undefined, batchId: number): string {
  const fallback = `${batchId}.zip`;
  if (name === undefined) return fallback;
  const segments = name.split(/[\\/]/);
  const last = (segments[segments.length - 1] ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return last === "" || last === "." || last === ".." ? fallback : last;
}

/** Go's pre-flight check of the download directory. */
export async function checkDirectory(dir: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch {
    throw new DirectoryError("DIRECTORY_NOT_FOUND", dir);
  }
  if (!stat.isDirectory()) throw new DirectoryError("NOT_A_DIRECTORY", dir);
}

/** Writes the download into `dir` and returns the full path. */
export async function writeDownload(dir: string, fileName: string, data: Uint8Array): Promise<string> {
  const target = path.join(dir, fileName);
  // Belt and braces: safeDownloadName already removed separators.
  if (path.dirname(path.resolve(target)) !== path.resolve(dir)) {
    throw new DirectoryError("NOT_A_DIRECTORY", dir);
  }
  await fs.writeFile(target, data, { mode: 0o644 });
  return target;
}
