/**
 * Test support: run a TypeScript file in a child Node process the way scripts run
 * (tsx, react-server condition, repository root as cwd), and wait for lines it prints.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { REPO_ROOT } from "@/db/testing/temp-db";

export interface TsxChild {
  proc: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** resolves when stdout contains `text` (rejects if the process exits first) */
  waitFor(text: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnTsx(script: string, args: string[], env: Record<string, string> = {}): TsxChild {
  const proc = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  let finished: string | null = null;
  const waiters: { text: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (out.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  proc.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on("exit", (code, signal) => {
      finished = String(code ?? signal);
      for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before printing "${w.text}": ${err}`));
      resolve({ code, signal });
    });
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitFor(text) {
      return new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        if (finished !== null) return reject(new Error(`child exited (${finished}) before printing "${text}": ${err}`));
        waiters.push({ text, resolve, reject });
      });
    },
    exited,
  };
}
