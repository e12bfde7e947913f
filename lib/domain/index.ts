/**
 * lib/domain: what the certificate-lifecycle rooms (issuance, inventory, revocation) share —
 * who acts (`ActorContext`) and the errors they raise. It imports none of them, so they can
 * all import it without a cycle.
 */
import "server-only";

export type { ActorContext } from "./context";
export { addFieldError, asUserFacing, InvalidInputError, notFound, sectigoAppError, sectigoCause, type FieldErrors } from "./errors";
