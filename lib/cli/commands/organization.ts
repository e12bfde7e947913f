import "server-only";
import { defineCommand } from "../command";
import { printJson } from "../output";

export const organizationCommand = defineCommand({
  name: "organization",
  synopsis: "",
  summary: "view the organization of the current user",
  flags: {},
  async run(ctx) {
    printJson(ctx.io, await (await ctx.client()).organization());
  },
});
