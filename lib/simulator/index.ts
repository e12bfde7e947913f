/**
 * The Sectigo-compatible simulator: the portal's embedded default Sectigo, the test double
 * of the contract tests, and a demo with a real local CA. See server.ts for the rules.
 */
import "server-only";

export { startSimulator, type RunningSimulator } from "./server";
export {
  simulatorOptionsFromEnv,
  DEFAULT_USERNAME,
  DEFAULT_PASSWORD,
  type SimulatorOptions,
  type Pkcs12Format,
  type RsaKeyBits,
} from "./options";
export { FaultController, type FaultSpec, type FaultKind } from "./faults";
export type { SimulatorStats, RequestLogEntry } from "./stats";
export { ENDPOINTS, type EndpointLetter } from "./routes";
export { isSimulatorError, SimulatorError, type SimulatorErrorCode } from "./errors";
export { MISSING_DNS_NAME, MAX_UPLOAD_BYTES } from "./handlers/upload";
export { ROOT_CA_NAME, ISSUING_CA_NAME } from "./ca";
export { CRL_PATH, ROOT_CA_PATH, ISSUING_CA_PATH } from "./issue";
