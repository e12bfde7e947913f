/**
 * What each injected fault does to a request. `timeout` deliberately never answers: the
 * request stays open until the client gives up or the simulator closes (close() ends every
 * connection, so a hung request cannot keep the process alive).
 */
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECTIGO_JSON } from "@/lib/sectigo/schemas";
import { SimulatorError } from "./errors";
import type { TakenFaults } from "./faults";
import { sendError, sendText } from "./http";

const STATUS_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 429: "Too Many Requests" };

export function applyFault(fault: NonNullable<TakenFaults["fault"]>, req: IncomingMessage, res: ServerResponse, now: Date): void {
  switch (fault.kind) {
    case "status": {
      const status = fault.status ?? 503;
      const text = STATUS_TEXT[status] ?? "Injected Error";
      if (fault.body === "html") {
        sendText(res, status, `<html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1></body></html>`, "text/html");
      } else {
        sendError(res, new SimulatorError("INJECTED_FAULT", status, `${text} (injected by the simulator)`), now);
      }
      return;
    }
    case "unauthorized":
      sendError(res, new SimulatorError("INVALID_TOKEN", 401, "The access token is not valid; log in again at /auth/pwd."), now);
      return;
    case "malformed": {
      const body = '{"batchId":10000,"orderNumber":1,"status":"PROCESS';
      res.writeHead(200, { "Content-Type": SECTIGO_JSON, "Content-Length": Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case "reset":
      req.socket.destroy();
      return;
    case "timeout":
      // Read and drop the body so the client finishes sending, then never answer.
      req.resume();
      return;
  }
}
