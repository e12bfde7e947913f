import "server-only";
import { defineCommand } from "../command";
import { UsageError } from "../errors";
import { printJson, printLine } from "../output";

export const batchesCommand = defineCommand({
  name: "batches",
  synopsis: "-i ID [-s | --status] [-I | --info]",
  summary: "view a certificate batch: its detail, its text status, or its processing info",
  flags: {
    id: { kind: "int", aliases: ["i"], usage: "the batch id", placeholder: "ID" },
    status: { kind: "boolean", aliases: ["s"], usage: "print the batch status text, normalized (e.g. READY_FOR_DOWNLOAD)" },
    info: { kind: "boolean", aliases: ["I"], usage: "print the processing info (active, success, failed)" },
  },
  async run(ctx, { flags }) {
    if (!flags.id) throw new UsageError("specify batch id to get information");
    const client = await ctx.client();
    if (flags.status) printLine(ctx.io, await client.batchStatus(flags.id));
    if (flags.info) printJson(ctx.io, await client.processingInfo(flags.id));
    if (!flags.status && !flags.info) printJson(ctx.io, await client.batchDetail(flags.id));
  },
});
