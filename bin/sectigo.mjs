#!/usr/bin/env node
// The package's `sectigo` command: runs lib/cli/main.ts with this repository's tsx from any
// working directory (the tool reads .env and relative paths from the caller's directory),
// forwarding arguments, stdio, signals and the exit code.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "tsx.cmd" : "tsx");
const main = path.join(root, "lib", "cli", "main.ts");

const child = spawn(tsx, ["--conditions=react-server", main, ...process.argv.slice(2)], {
  stdio: "inherit",
  // tsx looks for tsconfig.json (the "@/" paths) in the working directory unless told.
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});

// A terminal's Ctrl-C reaches the whole process group; `kill <pid>` reaches only us. Either
// way the child decides how to stop (serve closes cleanly), and we wait for it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}

child.on("error", (err) => {
  console.error(`sectigo: could not start ${tsx}: ${err.message} (run npm ci in ${root})`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    const numbers = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
    process.exit(128 + (numbers[signal] ?? 1));
  }
  process.exit(code ?? 1);
});
