/**
 * @peculiar/x509 for the BROWSER (the CSR generator). lib/pki/x509.ts is the server's entry
 * and imports node:crypto; here the page's own WebCrypto is the provider. x509 v2 needs the
 * reflect-metadata polyfill loaded before it. Import this module only lazily (`await
 * import(…)`) from client code: it is large, and most visitors never generate a CSR.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
