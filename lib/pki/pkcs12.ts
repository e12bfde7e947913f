/**
 * PKCS#12 reading and writing; see pkcs12-read.ts (Sectigo, OpenSSL 3 and simulator
 * files, bounded work) and pkcs12-write.ts (modern and legacy layouts).
 */
import "server-only";

export { MAX_PKCS12_BYTES, readPkcs12, readPkcs12Certificates, type ReadPkcs12Options } from "./pkcs12-read";
export { MAX_PKCS12_ITERATIONS } from "./pkcs12-crypto";
export { writePkcs12, type WritePkcs12Options } from "./pkcs12-write";
