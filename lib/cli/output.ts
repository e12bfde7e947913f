/**
 * Where the tool writes. Commands never touch `process` directly: they get a CliIo, so the
 * whole tool runs in-process in tests. Replies are JSON pretty-printed with a 2-space
 * indent, like the Go tool's; everything for people (hints, warnings) goes to stderr, so
 * stdout stays parseable.
 */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** The environment before `.env` is applied (process.env in production). */
  env: Readonly<Record<string, string | undefined>>;
  /** The working directory: `.env` and relative paths are read from here. */
  cwd: string;
  /** Ends long-running commands (`serve`); main.ts aborts it on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(io: CliIo, text: string): void {
  io.stdout.write(`${text}\n`);
}

export function printNote(io: CliIo, text: string): void {
  io.stderr.write(`${text}\n`);
}
