/**
 * Batch endpoints E–I: create a single-certificate batch (PUT, 201), detail, text status,
 * processing info, and the ZIP download (octet-stream, `attachment; filename="<id>.zip"`,
 * as cathy sends it).
 */
import "server-only";
import { createSingleCertBatchRequestSchema } from "@/lib/sectigo/schemas";
import { toBatchResponse, toProcessingInfo, statusText } from "../batch-view";
import { buildDownload } from "../download";
import { badRequest } from "../errors";
import { JSON_LIMIT_BYTES, parseId, parseJson, readBody, sendBytes, sendJson, sendText } from "../http";
import type { HandlerContext } from "../router";

export async function createSingleCertBatch({ core, req, res }: HandlerContext): Promise<void> {
  const body = parseJson(await readBody(req, JSON_LIMIT_BYTES));
  const parsed = createSingleCertBatchRequestSchema.safeParse(body);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "body"))].join(", ");
    throw badRequest(
      `The request body must be {"authorityId": number, "batchName": string, "profileParams": {name: string}}; check ${where}.`,
    );
  }
  const batch = await core.engine.createSingle(parsed.data);
  sendJson(res, 201, toBatchResponse(batch));
}

export function batchDetail({ core, res, params }: HandlerContext): void {
  sendJson(res, 200, toBatchResponse(core.engine.get(parseId(params.batchId, "batch"))));
}

export function batchStatus({ core, res, params }: HandlerContext): void {
  sendText(res, 200, statusText(core.engine.get(parseId(params.batchId, "batch"))));
}

export function processingInfo({ core, res, params }: HandlerContext): void {
  sendJson(res, 200, toProcessingInfo(core.engine.get(parseId(params.batchId, "batch"))));
}

export function download({ core, res, params }: HandlerContext): void {
  const batch = core.engine.get(parseId(params.batchId, "batch"));
  const zip = buildDownload(core.store.state, batch, core.ca);
  sendBytes(res, 200, "application/octet-stream", zip, {
    "Content-Disposition": `attachment; filename="${batch.batchId}.zip"`,
  });
}
