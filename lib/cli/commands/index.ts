/** Every command, in the order the help lists them (the Go tool's order, then ours). */
import "server-only";
import type { Command } from "../command";
import { authCommand } from "./auth";
import { authoritiesCommand } from "./authorities";
import { batchesCommand } from "./batches";
import { createCommand } from "./create";
import { downloadCommand } from "./download";
import { findCertificateCommand } from "./find";
import { inspectCommand } from "./inspect";
import { licensesCommand } from "./licenses";
import { organizationCommand } from "./organization";
import { profilesCommand } from "./profiles";
import { revokeCommand } from "./revoke";
import { serveCommand } from "./serve";
import { uploadCommand } from "./upload";

export const COMMANDS: readonly Command[] = [
  authCommand,
  authoritiesCommand,
  licensesCommand,
  profilesCommand,
  organizationCommand,
  createCommand,
  batchesCommand,
  downloadCommand,
  uploadCommand,
  findCertificateCommand,
  revokeCommand,
  serveCommand,
  inspectCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases.includes(name));
}
