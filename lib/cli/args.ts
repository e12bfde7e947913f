/**
 * A small flag parser with the behaviour of Go's `flag` package, which the original urfave
 * CLI uses, so that scripts written for it keep working:
 * - every name and alias works with one or two dashes (`-id`, `--id`, `-i`, `--i`);
 * - `--flag value` and `--flag=value`; a string flag takes the next word even when it
 *   starts with a dash (a password may);
 * - booleans take no separate value (`-d`), but `-d=false` works;
 * - `--` ends the flags.
 * Unlike Go, flags may also follow a positional argument (`upload file.csr -p 17`), except
 * for the global flags, which end at the command name (urfave: global flags come first).
 */
import { UsageError } from "./errors";

export type FlagKind = "string" | "boolean" | "int" | "strings";

export interface FlagSpec {
  kind: FlagKind;
  /** Other spellings, without dashes, e.g. ["i"]. */
  aliases?: readonly string[];
  usage: string;
  /** Shown in help after the flag, e.g. "ID". */
  placeholder?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<K extends FlagKind> = K extends "boolean"
  ? boolean
  : K extends "int"
    ? number | undefined
    : K extends "strings"
      ? string[]
      : string | undefined;

export type FlagValues<S extends FlagSpecs> = { [N in keyof S]: ValueOf<S[N]["kind"]> };

export interface ParsedArgs<S extends FlagSpecs> {
  flags: FlagValues<S>;
  positionals: string[];
  /** `-h`/`--help` was given (and is not a flag of this spec). */
  help: boolean;
}

export interface ParseOptions {
  /** Stop at the first positional word and return it and the rest untouched. */
  stopAtPositional?: boolean;
}

/** Parses `argv` against `specs`; throws UsageError with Go's wording for a bad flag. */
export function parseArgs<S extends FlagSpecs>(argv: readonly string[], specs: S, options: ParseOptions = {}): ParsedArgs<S> {
  const byName = new Map<string, [string, FlagSpec]>();
  for (const [name, spec] of Object.entries(specs)) {
    byName.set(name, [name, spec]);
    for (const alias of spec.aliases ?? []) byName.set(alias, [name, spec]);
  }

  const values: Record<string, string | boolean | number | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = spec.kind === "boolean" ? false : spec.kind === "strings" ? [] : undefined;
  }
  const positionals: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      if (options.stopAtPositional) {
        positionals.push(...argv.slice(i));
        break;
      }
      positionals.push(word);
      continue;
    }

    const body = word.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const key = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    const found = byName.get(key);
    if (!found) {
      if (key === "h" || key === "help") {
        help = true;
        continue;
      }
      throw new UsageError(`flag provided but not defined: -${key}`);
    }
    const [name, spec] = found;

    if (spec.kind === "boolean") {
      values[name] = inline === undefined ? true : parseBool(key, inline);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: -${key}`);
      raw = argv[++i] as string;
    }
    if (spec.kind === "int") {
      values[name] = parseInteger(key, raw);
    } else if (spec.kind === "strings") {
      (values[name] as string[]).push(raw);
    } else {
      values[name] = raw;
    }
  }
  return { flags: values as FlagValues<S>, positionals, help };
}

function parseBool(key: string, raw: string): boolean {
  const v = raw.toLowerCase();
  if (["1", "t", "true"].includes(v)) return true;
  if (["0", "f", "false"].includes(v)) return false;
  throw new UsageError(`invalid boolean value "${raw}" for -${key}: use true or false`);
}

function parseInteger(key: string, raw: string): number {
  const trimmed = raw.trim();
  if (!/^\d{1,15}$/.test(trimmed)) {
    throw new UsageError(`invalid value "${raw}" for flag -${key}: must be a whole number`);
  }
  return Number(trimmed);
}

/** One help line per flag: `  -i, --id ID    usage`. */
export function describeFlags(specs: FlagSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const spellings = [...(spec.aliases ?? []).filter((a) => a.length === 1), name, ...(spec.aliases ?? []).filter((a) => a.length > 1)]
      .map((s) => (s.length === 1 ? `-${s}` : `--${s}`))
      .join(", ");
    const arg = spec.kind === "boolean" ? "" : ` ${spec.placeholder ?? (spec.kind === "int" ? "N" : "VALUE")}`;
    return [`${spellings}${arg}`, spec.usage + (spec.kind === "strings" ? " (repeatable)" : "")] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, usage]) => `    ${left.padEnd(width)}   ${usage}`);
}
