/**
 * Unauthenticated routes: the PKI publication points a relying party fetches (the CRL
 * named in every certificate's CRL distribution point, the CA certificates named in AIA),
 * and a health check. These are outside the Sectigo API and never take faults.
 */
import "server-only";
import { BATCH_STATUS } from "@/lib/sectigo/schemas";
import { sendBytes, sendText } from "../http";
import type { HandlerContext } from "../router";

export async function issuingCrl({ core, res }: HandlerContext): Promise<void> {
  const crl = await core.crl.get();
  sendBytes(res, 200, "application/pkix-crl", crl.der, { "Cache-Control": "no-cache" });
}

export function rootCaCertificate({ core, res }: HandlerContext): void {
  sendBytes(res, 200, "application/pkix-cert", core.ca.root.der);
}

export function issuingCaCertificate({ core, res }: HandlerContext): void {
  sendBytes(res, 200, "application/pkix-cert", core.ca.issuing.der);
}

export function health({ core, res }: HandlerContext): void {
  const state = core.store.state;
  const body = {
    status: "ok",
    version: "trisa-sectigo-simulator/1",
    uptime: Math.round((Date.now() - core.startedAt.getTime()) / 1000),
    batches: state.batches.length,
    processing: state.batches.filter((b) => b.status === BATCH_STATUS.PROCESSING).length,
  };
  sendText(res, 200, JSON.stringify(body), "application/json");
}
