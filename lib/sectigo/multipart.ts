/**
 * The multipart body of the CSR upload (docs/sectigo-protocol.md §2.6), built by hand because the
 * part order and headers must be exactly Go's: `profileId` (no Content-Type), then
 * `csrBatchRequest` (filename "blob", application/json), then `files` (the CSR file name,
 * application/octet-stream). FormData would add a Content-Type to every file part and
 * does not promise the header layout.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { CsrBatchRequest } from "./schemas";

export interface UploadBody {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export function buildUploadBody(
  profileId: number,
  fileName: string,
  csr: string | Uint8Array,
  request: CsrBatchRequest,
  boundary: string = randomBytes(30).toString("hex"),
): UploadBody {
  const encoder = new TextEncoder();
  const head = (headers: string[]) => encoder.encode(`--${boundary}\r\n${headers.join("\r\n")}\r\n\r\n`);
  const chunks: Uint8Array[] = [
    head(['Content-Disposition: form-data; name="profileId"']),
    encoder.encode(String(profileId)),
    encoder.encode("\r\n"),
    head(['Content-Disposition: form-data; name="csrBatchRequest"; filename="blob"', "Content-Type: application/json"]),
    encoder.encode(JSON.stringify(request)),
    encoder.encode("\r\n"),
    head([
      `Content-Disposition: form-data; name="files"; filename="${quoteFileName(baseName(fileName))}"`,
      "Content-Type: application/octet-stream",
    ]),
    typeof csr === "string" ? encoder.encode(csr) : csr,
    encoder.encode(`\r\n--${boundary}--\r\n`),
  ];
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

/** The last path segment, whichever separator the name uses; Go sends the base name. */
export function baseName(fileName: string): string {
  const segments = fileName.split(/[\\/]/);
  return segments[segments.length - 1] ?? "";
}

/** Go's escapeQuotes, plus dropping control characters so a name cannot inject a header line. */
function quoteFileName(name: string): string {
  const safe = name.replace(/[\u0000-\u001f\u007f]/g, "");
  return (safe === "" ? "csr.pem" : safe).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
