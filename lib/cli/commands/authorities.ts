import "server-only";
import { defineCommand } from "../command";
import { printJson } from "../output";

export const authoritiesCommand = defineCommand({
  name: "authorities",
  synopsis: "[-b | --balances]",
  summary: "view the authorities of the current user (and their available balances)",
  flags: {
    balances: { kind: "boolean", aliases: ["b"], usage: "also fetch the available balance of each authority" },
  },
  async run(ctx, { flags }) {
    const client = await ctx.client();
    const authorities = await client.userAuthorities();
    printJson(ctx.io, authorities);
    if (!flags.balances) return;
    // Keys are the authority ids as strings, as Go's map[int]int encodes them.
    const balances: Record<string, number> = {};
    for (const authority of authorities) {
      balances[String(authority.id)] = await client.authorityAvailableBalance(authority.id);
    }
    printJson(ctx.io, balances);
  },
});
