/** @type {import('next').NextConfig} */
const nextConfig = {
  // Names the framework to every scanner; the protective headers are set in proxy.ts.
  poweredByHeader: false,
  // server.mjs compresses, at a cheaper level (see there); `next dev` serves uncompressed.
  compress: false,
  // Native and CommonJS crypto packages stay outside the bundle: better-sqlite3 is a
  // native addon, and node-forge's RC2 code must be the same module the CLI uses.
  serverExternalPackages: ["better-sqlite3", "node-forge"],
  experimental: {
    // CSR files of many requests exceed the 1 MB server-action default; the portal's own
    // caps apply instead (docs/security.md S10). The proxy would otherwise cut bodies at 10 MB.
    serverActions: { bodySizeLimit: "20mb" },
    proxyClientMaxBodySize: "20mb",
  },
};
export default nextConfig;
