/**
 * Helpers for the CLI's tests: run `runCli` in-process with captured output, split the
 * tool's pretty-printed JSON documents, and call openssl. Not imported by production code.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runCli } from "./run-cli";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCaptured(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  cwd: string,
  signal?: AbortSignal,
  onStdout?: (text: string) => void,
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: {
      write: (t: string) => {
        stdout += t;
        onStdout?.(stdout);
      },
    },
    stderr: { write: (t: string) => (stderr += t) },
    env,
    cwd,
    ...(signal ? { signal } : {}),
  });
  return { code, stdout, stderr };
}

/**
 * The JSON documents of a stdout, in order. The tool prints each one pretty-printed, so a
 * document starts with `{` or `[` at the start of a line and its inner lines are indented.
 */
export function jsonDocuments(stdout: string): unknown[] {
  const starts: number[] = [];
  const re = /^[[{]/gm;
  for (let m = re.exec(stdout); m !== null; m = re.exec(stdout)) starts.push(m.index);
  return starts.map((start, i) => JSON.parse(stdout.slice(start, starts[i + 1] ?? stdout.length)) as unknown);
}

const exec = promisify(execFile);

export async function openssl(args: readonly string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return exec("openssl", [...args], { cwd, maxBuffer: 10 * 1024 * 1024 });
}

export async function run(cmd: string, args: readonly string[], cwd?: string): Promise<{ stdout: string; stderr: string }> {
  return exec(cmd, [...args], { cwd, maxBuffer: 10 * 1024 * 1024 });
}

/** A line that looks like a JavaScript stack frame: never allowed on the tool's stderr. */
export const STACK_FRAME = /^\s+at .+[(:]\d+/m;
