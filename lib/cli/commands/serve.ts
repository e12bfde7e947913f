/**
 * `sectigo serve`: the simulator alone, for a terminal session against a Sectigo that
 * needs no account. It listens on loopback only (the simulator refuses anything else: it
 * hands out certificates to whoever knows a test password), prints the account it accepts
 * without the password, and closes cleanly on SIGINT/SIGTERM.
 */
import "server-only";
import path from "node:path";
import { defineCommand, type CommandContext } from "../command";
import { CliError } from "../errors";
import { printLine, printNote } from "../output";
import { DEFAULT_DATA_DIR } from "@/lib/env";

export const DEFAULT_SERVE_ADDR = "127.0.0.1:8831";

export const serveCommand = defineCommand({
  name: "serve",
  synopsis: "[-a HOST:PORT]",
  summary: "run the Sectigo simulator alone, until Ctrl-C",
  flags: {
    addr: {
      kind: "string",
      aliases: ["a", "address"],
      usage: `address to listen on, loopback only (default ${DEFAULT_SERVE_ADDR}; port 0 picks a free one)`,
      placeholder: "HOST:PORT",
    },
  },
  async run(ctx, { flags }) {
    const { host, port } = parseListenAddress(flags.addr ?? DEFAULT_SERVE_ADDR);
    const env = ctx.env;
    refuseSectigoAccountWithoutEndpoint(env);
    const { simulatorOptionsFromEnv, startSimulator } = await import("@/lib/simulator");
    // DATA_DIR is relative to the caller's directory, as every other path the tool reads.
    const dataDir = path.resolve(ctx.io.cwd, env.DATA_DIR || DEFAULT_DATA_DIR);
    const options = simulatorOptionsFromEnv(env, dataDir);
    // The global -u/-p flags name the account to accept, like SIMULATOR_USERNAME/PASSWORD do.
    if (ctx.globals.username) options.username = ctx.globals.username;
    if (ctx.globals.password) options.password = ctx.globals.password;

    const simulator = await startSimulator({
      ...options,
      host,
      port,
      log: (line) => printNote(ctx.io, line),
    });
    const passwordSource = ctx.globals.password
      ? "from the --password flag"
      : isSet(env.SIMULATOR_PASSWORD)
        ? "from SIMULATOR_PASSWORD"
        : "is the built-in test password named in the README; set SIMULATOR_PASSWORD to choose another";
    printLine(ctx.io, `Sectigo simulator listening on ${simulator.url}`);
    printLine(ctx.io, `  account:  ${options.username} (password ${passwordSource})`);
    printLine(ctx.io, `  data:     ${path.join(options.dataDir, "simulator")}`);
    printLine(ctx.io, `  use it:   export SECTIGO_ENDPOINT=${simulator.url} SECTIGO_USERNAME=${options.username} SECTIGO_PASSWORD=…`);
    printLine(ctx.io, "Press Ctrl-C to stop.");

    await untilStopped(ctx);
    await simulator.close();
    printLine(ctx.io, "simulator stopped");
  },
});

const isSet = (value: string | undefined) => value !== undefined && value.trim() !== "";

/**
 * SECTIGO_USERNAME/PASSWORD name the real Sectigo account. With them set and no
 * SECTIGO_ENDPOINT, the caller most likely meant to reach Sectigo, and a client in the same
 * shell would talk to the real service, not to this simulator: say so rather than guess.
 */
export function refuseSectigoAccountWithoutEndpoint(env: Record<string, string | undefined>): void {
  if (isSet(env.SECTIGO_ENDPOINT)) return;
  const set = ["SECTIGO_USERNAME", "SECTIGO_PASSWORD"].filter((name) => isSet(env[name]));
  if (set.length === 0) return;
  throw new CliError(
    "USAGE",
    `SECTIGO_ENDPOINT is missing: ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set, which name the real Sectigo account. ` +
      "Set SECTIGO_ENDPOINT to talk to Sectigo, or unset them. " +
      "The simulator's own login is SIMULATOR_USERNAME / SIMULATOR_PASSWORD (default tester / supersecretsquirrel).",
  );
}

/** `host:port`, `:port` or `port`; an empty host and `localhost` mean 127.0.0.1. */
export function parseListenAddress(addr: string): { host: "127.0.0.1"; port: number } {
  const match = /^(?:(\[[^\]]*\]|[^:]*):)?(\d{1,5})$/.exec(addr.trim());
  if (!match) throw new CliError("BAD_ADDRESS", `invalid address "${addr}": use HOST:PORT, e.g. ${DEFAULT_SERVE_ADDR}`);
  const host = (match[1] ?? "").toLowerCase();
  const port = Number(match[2]);
  if (port > 65535) throw new CliError("BAD_ADDRESS", `invalid port ${port} in "${addr}": use 0 to 65535`);
  if (host === "" || host === "127.0.0.1" || host === "localhost") return { host: "127.0.0.1", port };
  throw new CliError(
    "BAD_ADDRESS",
    `the simulator listens on loopback only (127.0.0.1), not on "${host}": it issues certificates to anyone ` +
      "who knows its test account. To reach it from another machine, use an SSH tunnel or a reverse proxy.",
  );
}

function untilStopped(ctx: CommandContext): Promise<void> {
  const signal = ctx.io.signal;
  if (signal) {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
