// Prints the closing line CI reads (`<suite>: N passed, N failed[, N skipped]`) from a
// Vitest or Playwright JSON report, and fails when anything failed or nothing ran.
import fs from "node:fs";

const [label, file] = process.argv.slice(2);
if (!label || !file) {
  console.error("usage: node scripts/summary.mjs <suite> <report.json>");
  process.exit(2);
}
if (!fs.existsSync(file)) {
  console.log(`${label}: 0 passed, 1 failed`);
  console.error(`${label}: no report at ${file} (the runner crashed before writing it)`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, "utf8"));
let passed, failed, skipped;
if (r.stats && "expected" in r.stats) {
  passed = r.stats.expected + (r.stats.flaky ?? 0);
  failed = r.stats.unexpected;
  skipped = r.stats.skipped;
} else {
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
