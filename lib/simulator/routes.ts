/**
 * Every route of the simulator, with the letters of docs/sectigo-protocol.md §2.1. The endpoint key
 * of each ("METHOD /pattern") is what `stats().calls` counts and what a fault can match.
 */
import "server-only";
import { passwordLogin, refreshLogin } from "./handlers/auth";
import { batchDetail, batchStatus, createSingleCertBatch, download, processingInfo } from "./handlers/batches";
import { authorities, balanceAvailable, devices, organization, profile, profileParams, profiles } from "./handlers/catalog";
import { findCertificates, revokeCertificate } from "./handlers/certificates";
import { clearFaults, injectFaults, listFaults, readStats, resetStats, runDueBatches } from "./handlers/control";
import { health, issuingCaCertificate, issuingCrl, rootCaCertificate } from "./handlers/public";
import { uploadCsrBatch } from "./handlers/upload";
import { CRL_PATH, ISSUING_CA_PATH, ROOT_CA_PATH } from "./issue";
import type { RouteDefinition } from "./router";

/** Endpoint keys by the letters of docs/sectigo-protocol.md §2.1, for tests that count calls. */
export const ENDPOINTS = {
  A: "POST /auth/pwd",
  B: "POST /auth/refresh",
  C: "GET /api/v1/authorities/allowed",
  D: "GET /api/v1/authorities/{authorityId}/balanceavailable",
  E: "PUT /api/v1/batches/createSingleCertBatch",
  F: "GET /api/v1/batches/{batchId}",
  G: "GET /api/v1/batches/{batchId}/status",
  H: "GET /api/v1/batches/{batchId}/processing_info",
  I: "GET /api/v1/batches/{batchId}/download",
  J: "POST /api/v1/batches/upload",
  K: "GET /api/v1/devices",
  L: "GET /api/v1/profiles",
  M: "GET /api/v1/profiles/{profileId}",
  N: "GET /api/v1/profiles/{profileId}/parameters",
  O: "GET /api/v1/organizations/user",
  P: "POST /api/v1/certificates/find",
  Q: "POST /api/v1/certificates/{profileId}/revoke",
} as const;
export type EndpointLetter = keyof typeof ENDPOINTS;

export const CONTROL_PREFIX = "/__simulator/";

function route(key: string, auth: RouteDefinition["auth"], handler: RouteDefinition["handler"]): RouteDefinition {
  const [method, pattern] = key.split(" ") as [RouteDefinition["method"], string];
  return { method, pattern, auth, handler };
}

export function sectigoRoutes(): RouteDefinition[] {
  return [
    route(ENDPOINTS.A, "none", passwordLogin),
    route(ENDPOINTS.B, "none", refreshLogin),
    route(ENDPOINTS.C, "bearer", authorities),
    route(ENDPOINTS.D, "bearer", balanceAvailable),
    // createSingleCertBatch before {batchId}: the literal path must win.
    route(ENDPOINTS.E, "bearer", createSingleCertBatch),
    route(ENDPOINTS.J, "bearer", uploadCsrBatch),
    route(ENDPOINTS.F, "bearer", batchDetail),
    route(ENDPOINTS.G, "bearer", batchStatus),
    route(ENDPOINTS.H, "bearer", processingInfo),
    route(ENDPOINTS.I, "bearer", download),
    route(ENDPOINTS.K, "bearer", devices),
    route(ENDPOINTS.L, "bearer", profiles),
    route(ENDPOINTS.M, "bearer", profile),
    route(ENDPOINTS.N, "bearer", profileParams),
    route(ENDPOINTS.O, "bearer", organization),
    route(ENDPOINTS.P, "bearer", findCertificates),
    route(ENDPOINTS.Q, "bearer", revokeCertificate),
    route(`GET ${CRL_PATH}`, "none", issuingCrl),
    route(`GET ${ROOT_CA_PATH}`, "none", rootCaCertificate),
    route(`GET ${ISSUING_CA_PATH}`, "none", issuingCaCertificate),
    route("GET /status", "none", health),
  ];
}

export function controlRoutes(): RouteDefinition[] {
  return [
    route(`GET ${CONTROL_PREFIX}faults`, "none", listFaults),
    route(`POST ${CONTROL_PREFIX}faults`, "none", injectFaults),
    route(`DELETE ${CONTROL_PREFIX}faults`, "none", clearFaults),
    route(`GET ${CONTROL_PREFIX}stats`, "none", readStats),
    route(`DELETE ${CONTROL_PREFIX}stats`, "none", resetStats),
    route(`POST ${CONTROL_PREFIX}process`, "none", runDueBatches),
  ];
}
