import "server-only";
import { openDb } from "@/db/client";
import { exportCertificatesCsv } from "@/lib/inventory";
const db = openDb(process.env.DB!);
if (process.env.MMAP) db.$client.pragma(`mmap_size = ${process.env.MMAP}`);
if (process.env.CACHE) db.$client.pragma(`cache_size = ${process.env.CACHE}`);
for (let k = 0; k < 2; k++) {
  const t0 = performance.now(); let n = 0, bytes = 0;
  for (const chunk of exportCertificatesCsv(db, {})) { n++; bytes += chunk.length; }
  const ms = performance.now() - t0;
  console.log(`chunks ${n} bytes ${bytes} in ${ms.toFixed(0)} ms = ${(100000 / ms * 1000).toFixed(0)} rows/s`);
}
