/**
 * `sectigo auth` (docs/sectigo-protocol.md §3.6). `--cache` and `--debug` never touch the network;
 * plain `auth` refreshes or logs in only when the cached access token is not valid.
 */
import "server-only";
import fs from "node:fs";
import { defineCommand } from "../command";
import { cachePathFor } from "../env";
import { printLine } from "../output";

export const authCommand = defineCommand({
  name: "auth",
  synopsis: "[-d | --debug] [-C | --cache]",
  summary: "check authentication status with the server and cache the tokens",
  flags: {
    debug: { kind: "boolean", aliases: ["d"], usage: "do not refresh or authenticate, print the token state and exit" },
    cache: { kind: "boolean", aliases: ["C"], usage: "print the credentials cache location and exit" },
  },
  async run(ctx, { flags }) {
    if (flags.cache) {
      const file = await cachePathFor(ctx.env);
      printLine(ctx.io, fs.existsSync(file) ? file : "no credentials cache file exists");
      return;
    }
    const client = await ctx.client();
    if (flags.debug) {
      printLine(ctx.io, await client.authDebugLine());
      return;
    }
    const state = await client.credentialsState();
    if (!state.valid) {
      if (state.refreshable) {
        // Go stops on a failed refresh; the password is still there to fall back on.
        await client.refresh().catch(() => client.authenticate());
      } else {
        await client.authenticate();
      }
    }
    printLine(ctx.io, "user authenticated and credentials cached");
  },
});
