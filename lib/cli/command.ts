/**
 * What a command is: its flags (which also make its help text) and a `run` that gets the
 * parsed flags with their types. `defineCommand` erases the flag types so the commands can
 * sit in one list.
 */
import { parseArgs, type FlagSpecs, type ParsedArgs } from "./args";
import type { Env } from "./dotenv";
import type { CliIo } from "./output";
import type { SectigoClient } from "@/lib/sectigo/client";

export interface GlobalOptions {
  username?: string;
  password?: string;
  endpoint?: string;
  environment?: string;
}

export interface CommandContext {
  io: CliIo;
  /** The environment with `.env` applied. */
  env: Env;
  globals: GlobalOptions;
  /** The Sectigo client, loaded and built on first use (`inspect` and `serve` never need one). */
  client(): Promise<SectigoClient>;
}

export interface CommandDefinition<S extends FlagSpecs> {
  name: string;
  aliases?: readonly string[];
  /** The words after the command name in the usage line, e.g. "-i ID [--status | --info]". */
  synopsis: string;
  summary: string;
  flags: S;
  run(ctx: CommandContext, args: ParsedArgs<S>): Promise<void>;
}

export interface Command {
  name: string;
  aliases: readonly string[];
  synopsis: string;
  summary: string;
  flags: FlagSpecs;
  /** Parses the words after the command name and runs; false means help was asked for. */
  execute(ctx: CommandContext, argv: readonly string[]): Promise<boolean>;
}

export function defineCommand<S extends FlagSpecs>(def: CommandDefinition<S>): Command {
  return {
    name: def.name,
    aliases: def.aliases ?? [],
    synopsis: def.synopsis,
    summary: def.summary,
    flags: def.flags,
    async execute(ctx, argv) {
      const args = parseArgs(argv, def.flags);
      if (args.help) return false;
      await def.run(ctx, args);
      return true;
    },
  };
}
