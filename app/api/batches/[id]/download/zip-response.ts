/**
 * The pieces of the ZIP download response, kept apart from the route so they can be tested:
 * a file name that is safe in a Content-Disposition header, the body as a stream of chunks,
 * and the HTTP status of each refusal.
 */

/** Sectigo's name when it is a plain `*.zip`, else `<sectigoBatchId>.zip`; never quotes, paths or control characters. */
export function zipFileName(fromSectigo: string, sectigoBatchId: number | null): string {
  const fallback = sectigoBatchId !== null ? `${sectigoBatchId}.zip` : "batch.zip";
  const base = fromSectigo.split(/[\\/]/).pop() ?? "";
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.zip$/.test(base) ? base : fallback;
}

const CHUNK = 64 * 1024;

/** The bytes as a stream of 64 KiB chunks, so a large ZIP is not copied into one response buffer. */
export function zipStream(data: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(data.subarray(offset, Math.min(offset + CHUNK, data.byteLength)));
      offset += CHUNK;
    },
  });
}

export function errorStatus(code: string): number {
  if (code === "NOT_FOUND") return 404;
  if (code === "NOT_DOWNLOADABLE") return 409;
  if (code === "SECTIGO_NOT_FOUND") return 410;
  if (code === "SECTIGO_TIMEOUT") return 504;
  if (code.startsWith("SECTIGO_")) return 502;
  if (code === "INVALID_INPUT") return 400;
  return code === "INTERNAL" ? 500 : 503;
}
