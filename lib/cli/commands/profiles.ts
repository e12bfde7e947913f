import "server-only";
import { defineCommand } from "../command";
import { UsageError } from "../errors";
import { printJson } from "../output";

export const profilesCommand = defineCommand({
  name: "profiles",
  aliases: ["profile"],
  synopsis: "[-i ID [-p | --params]]",
  summary: "view the profiles available to the user, one profile's detail, or its parameters",
  flags: {
    id: { kind: "int", aliases: ["i"], usage: "get the detail of the profile with this id", placeholder: "ID" },
    params: { kind: "boolean", aliases: ["p"], usage: "with --id: get the parameters of the profile" },
  },
  async run(ctx, { flags }) {
    if (flags.id) {
      const client = await ctx.client();
      printJson(ctx.io, flags.params ? await client.profileParams(flags.id) : await client.profileDetail(flags.id));
      return;
    }
    if (flags.params) throw new UsageError("must specify id to get profile params");
    printJson(ctx.io, await (await ctx.client()).profiles());
  },
});
