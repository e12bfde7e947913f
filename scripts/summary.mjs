// Prints the closing line CI reads (`<suite>: N passed, N failed[, N skipped]`) from a
// Vitest or Playwright JSON report, and fails the suite when:
// - a test failed, or a test file failed to load (counted as one failure each);
// - the runner itself exited non-zero (an unhandled error, a crash, a top-level error that
//   the report's counts leave out) — counted as one failure;
// - nothing ran;
// - a test was skipped that test/allowed-skips.txt does not list with a reason.
import fs from "node:fs";

const [label, file, exitArg] = process.argv.slice(2);
if (!label || !file) {
  console.error("usage: node scripts/summary.mjs <suite> <report.json> [runner exit code]");
  process.exit(2);
}
const runnerExit = exitArg === undefined ? 0 : Number(exitArg);
if (!fs.existsSync(file)) {
  console.log(`${label}: 0 passed, 1 failed`);
  console.error(`${label}: no report at ${file} (the runner crashed before writing it)`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const problems = [];
let passed;
let failed;
const skippedTitles = [];

if (r.stats && "expected" in r.stats) {
  // Playwright
  passed = r.stats.expected + (r.stats.flaky ?? 0);
  failed = r.stats.unexpected;
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "skipped") skippedTitles.push([...trail, spec.title].filter(Boolean).join(" › "));
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const s of r.suites ?? []) walk(s, [s.title]);
  const topLevel = (r.errors ?? []).length;
  if (topLevel > 0) {
    failed += topLevel;
    problems.push(`${topLevel} error(s) outside any test (see the list above)`);
  }
} else {
  // Vitest
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  for (const f of r.testResults ?? []) {
    for (const a of f.assertionResults ?? []) {
      if (a.status === "pending" || a.status === "skipped" || a.status === "todo") skippedTitles.push(a.fullName ?? a.title);
    }
    if (f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")) {
      failed += 1;
      problems.push(`a test file failed to load: ${f.name}${f.message ? ` (${String(f.message).split("\n")[0]})` : ""}`);
    }
  }
}

if (runnerExit !== 0 && failed === 0) {
  failed = 1;
  problems.push(`the runner exited with code ${runnerExit} although no test failed (an unhandled error or a crash)`);
}

// test/allowed-skips.txt: one line per allowed skip, "<title text> — <reason>".
const allowed = fs.existsSync("test/allowed-skips.txt")
  ? fs
      .readFileSync("test/allowed-skips.txt", "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(" — ")[0].trim())
  : [];
const unexplained = skippedTitles.filter((t) => !allowed.some((a) => t.includes(a)));
for (const t of skippedTitles) console.log(`${label}: skipped: ${t}${unexplained.includes(t) ? " (not in test/allowed-skips.txt)" : ""}`);
if (unexplained.length > 0) {
  failed += unexplained.length;
  problems.push(`${unexplained.length} skipped test(s) without a reason in test/allowed-skips.txt`);
}
if (passed === 0) problems.push("no test ran");

for (const p of problems) console.error(`${label}: ${p}`);
const skipped = skippedTitles.length;
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
