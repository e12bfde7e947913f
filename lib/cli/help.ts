/**
 * The usage text, generated from the same flag specs the parser uses, so that help and
 * behaviour cannot disagree.
 */
import { describeFlags, type FlagSpecs } from "./args";
import type { Command } from "./command";

export const GLOBAL_FLAGS = {
  username: { kind: "string", aliases: ["u"], usage: "Sectigo API username (default $SECTIGO_USERNAME)", placeholder: "NAME" },
  password: { kind: "string", aliases: ["p"], usage: "Sectigo API password (default $SECTIGO_PASSWORD)", placeholder: "PASSWORD" },
  endpoint: {
    kind: "string",
    aliases: ["e", "url"],
    usage: "Sectigo API base URL (default $SECTIGO_ENDPOINT, else https://iot.sectigo.com)",
    placeholder: "URL",
  },
  environment: {
    kind: "string",
    aliases: ["E", "env"],
    usage: "production, staging, docker or testing: refuses endpoints that do not fit (default $SECTIGO_ENVIRONMENT)",
    placeholder: "ENV",
  },
  help: { kind: "boolean", aliases: ["h"], usage: "show this help (after a command: that command's help)" },
  profile: {
    kind: "string",
    aliases: ["P"],
    usage: "accepted for compatibility with the Go tool; unused (create takes the profile from the authority)",
    placeholder: "PROFILE",
  },
} as const satisfies FlagSpecs;

export function usageText(commands: readonly Command[]): string {
  const lines = [
    "sectigo — command-line client for the Sectigo IoT Manager API (and its local simulator)",
    "",
    "Usage: sectigo [global flags] <command> [command flags] [arguments]",
    "",
    "Global flags (they go before the command name):",
    ...describeFlags(GLOBAL_FLAGS),
    "",
    "Commands:",
  ];
  for (const command of commands) {
    const names = [command.name, ...command.aliases].join(", ");
    lines.push("", `  ${names} — ${command.summary}`, `    sectigo ${command.name} ${command.synopsis}`.trimEnd());
    lines.push(...describeFlags(command.flags).map((l) => `  ${l}`));
  }
  lines.push(
    "",
    "  help — show this help",
    "",
    "Environment: SECTIGO_USERNAME, SECTIGO_PASSWORD, SECTIGO_ENDPOINT, SECTIGO_ENVIRONMENT; a .env file in",
    "the current directory is read for variables that are not already set. Tokens are cached in",
    "$XDG_CACHE_HOME/trisa/sectigo/credentials.yaml (never the password).",
    "To try it without a Sectigo account: run `sectigo serve` in one terminal, then set",
    "SECTIGO_ENDPOINT and SECTIGO_USERNAME to what it prints and SECTIGO_PASSWORD to the simulator's password.",
    "",
    "Replies are JSON on stdout; errors go to stderr with exit code 1.",
  );
  return `${lines.join("\n")}\n`;
}

export function commandUsageText(command: Command): string {
  const lines = [
    `sectigo ${command.name} — ${command.summary}`,
    "",
    `Usage: sectigo [global flags] ${command.name} ${command.synopsis}`.trimEnd(),
  ];
  if (command.aliases.length > 0) lines.push(`Also spelled: ${command.aliases.join(", ")}`);
  const flags = describeFlags(command.flags);
  if (flags.length > 0) lines.push("", "Flags:", ...flags);
  return `${lines.join("\n")}\n`;
}
