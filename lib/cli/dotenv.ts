/**
 * `.env` loading, as the Go tool does (godotenv): KEY=VALUE lines from the current
 * directory's `.env`, never overriding a variable that is already set, so that
 * `SECTIGO_PASSWORD=… sectigo auth` beats the file.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses KEY=VALUE lines: `#` comments, blank lines, an optional `export ` prefix,
 * single quotes (literal), double quotes (with \n, \t, \" and \\ escapes), and ` #`
 * comments after an unquoted value. Lines that are not assignments are ignored.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const assignment = line.replace(/^export\s+/, "");
    const eq = assignment.indexOf("=");
    if (eq <= 0) continue;
    const key = assignment.slice(0, eq).trim();
    if (!KEY.test(key)) continue;
    out[key] = parseValue(assignment.slice(eq + 1).trim());
  }
  return out;
}

function parseValue(value: string): string {
  const quote = value[0];
  if (quote === "'" || quote === '"') {
    const end = value.indexOf(quote, 1);
    // An unterminated quote is taken literally rather than guessed at.
    if (end === -1) return value;
    if (quote === "'") return value.slice(1, end);
    let close = 1;
    while (close < value.length && value[close] !== '"') close += value[close] === "\\" ? 2 : 1;
    return value
      .slice(1, close)
      .replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" })[c] ?? c);
  }
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}

/**
 * The environment with `<cwd>/.env` applied underneath it. A missing file is not an error;
 * an unreadable one is reported by the caller through `warning`.
 */
export function withDotEnv(env: Env, cwd: string): { env: Env; loaded?: string; warning?: string } {
  const file = path.join(cwd, ".env");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { env };
    return { env, warning: `could not read ${file} (${code ?? "unknown error"}); continuing without it` };
  }
  const fromFile = parseDotEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return { env: merged, loaded: file };
}
