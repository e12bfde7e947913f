/**
 * The whole `sectigo` tool as one function: global flags, `.env`, dispatch, and the one
 * place errors are caught. Every failure ends here as a readable line on stderr and exit
 * code 1 — never a stack trace, and never a password (errors are built without them).
 */
import "server-only";
import { parseArgs } from "./args";
import type { Command, CommandContext, GlobalOptions } from "./command";
import { COMMANDS, findCommand } from "./commands";
import { withDotEnv } from "./dotenv";
import { buildClient, describeFailure } from "./env";
import { hasCode } from "@/lib/errors";
import { UsageError } from "./errors";
import { commandUsageText, GLOBAL_FLAGS, usageText } from "./help";
import type { CliIo } from "./output";

export type { CliIo } from "./output";

/** Runs `sectigo <argv…>` and returns the exit code (0 success, 1 failure). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command | undefined;
  let ctx: CommandContext | undefined;
  try {
    const global = parseArgs(argv, GLOBAL_FLAGS, { stopAtPositional: true });
    const [name, ...rest] = global.positionals;
    if (global.help || global.flags.help || name === undefined || name === "help") {
      const topic = name === "help" ? findCommand(rest[0] ?? "") : undefined;
      if (name === "help" && rest[0] !== undefined && !topic) throw unknownCommand(rest[0]);
      io.stdout.write(topic ? commandUsageText(topic) : usageText(COMMANDS));
      return 0;
    }
    command = findCommand(name);
    if (!command) throw unknownCommand(name);

    const dotenv = withDotEnv(io.env, io.cwd);
    if (dotenv.warning) io.stderr.write(`${dotenv.warning}\n`);
    const globals: GlobalOptions = {
      username: global.flags.username,
      password: global.flags.password,
      endpoint: global.flags.endpoint,
      environment: global.flags.environment,
    };
    let client: ReturnType<CommandContext["client"]> | undefined;
    const context: CommandContext = {
      io,
      env: dotenv.env,
      globals,
      client: () => (client ??= buildClient(globals, dotenv.env)),
    };
    ctx = context;
    const ran = await command.execute(context, rest);
    if (!ran) io.stdout.write(commandUsageText(command));
    return 0;
  } catch (err) {
    io.stderr.write(`${describeFailure(err, ctx)}\n`);
    if (hasCode(err, "USAGE")) {
      io.stderr.write(command ? `run "sectigo ${command.name} --help" for its flags\n` : `run "sectigo help" for the list of commands\n`);
    }
    return 1;
  }
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command "${name}"`);
}
