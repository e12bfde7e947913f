import "server-only";
import { defineCommand } from "../command";
import { printJson } from "../output";

export const licensesCommand = defineCommand({
  name: "licenses",
  synopsis: "",
  summary: "view the ordered and issued certificate licences",
  flags: {},
  async run(ctx) {
    printJson(ctx.io, await (await ctx.client()).licensesUsed());
  },
});
