/**
 * Small node:http helpers for the simulator's replies. Rule: JSON replies (errors
 * included) carry exactly `application/json;charset=UTF-8`, the one content type the Go
 * client decodes (docs/sectigo-protocol.md §1.2, §2.7), so an error reaches the client with its message.
 */
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECTIGO_JSON, type ApiErrorBody } from "@/lib/sectigo/schemas";
import { badRequest, SimulatorError } from "./errors";

export const JSON_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads the whole body, refusing (413) anything over `limit` bytes. An oversize body is
 * still read to its end (and dropped), so the client gets the 413 instead of a broken
 * connection; only an absurd one (over 8× the limit) cuts the connection short.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new SimulatorError("PAYLOAD_TOO_LARGE", 413, `The request body is larger than the limit of ${formatBytes(limit)}.`);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit * 8) {
        req.socket.destroy();
        reject(tooLarge());
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on("end", () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

export function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": SECTIGO_JSON, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain"): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  data: Uint8Array,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": data.byteLength });
  res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export function errorBody(status: number, message: string, errorCode: number, now: Date): ApiErrorBody {
  return { status, message, errorCode, timestamp: now.getTime() };
}

export function sendError(res: ServerResponse, err: SimulatorError, now: Date, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(errorBody(err.status, err.message, err.errorCode, now));
  res.writeHead(err.status, { ...headers, "Content-Type": SECTIGO_JSON, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** A path segment that must be a decimal id; anything else is a 404, as in cathy. */
export function parseId(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d{1,9}$/.test(value)) {
    throw new SimulatorError("NOT_FOUND", 404, `No ${what} with that id: ${what} ids are decimal numbers.`);
  }
  return Number(value);
}
