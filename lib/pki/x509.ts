/**
 * The one place that prepares @peculiar/x509: version 2 needs the reflect-metadata
 * polyfill loaded before it, and a WebCrypto provider. Import `x509` from here, never
 * from "@peculiar/x509" directly, so that preparation cannot be forgotten.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
export const crypto = webcrypto as unknown as Crypto;
