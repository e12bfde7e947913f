import "server-only";
import { defineCommand } from "../command";
import { UsageError } from "../errors";
import { printJson } from "../output";

export const findCertificateCommand = defineCommand({
  name: "find",
  synopsis: "[-n CN] [-s SERIAL]",
  summary: "search for certificates by common name and/or serial number",
  flags: {
    "common-name": { kind: "string", aliases: ["n"], usage: "search by common name", placeholder: "CN" },
    "serial-number": { kind: "string", aliases: ["s"], usage: "search by serial number (upper-case hex)", placeholder: "SERIAL" },
  },
  async run(ctx, { flags }) {
    // Go sends `{}` and lets the service answer 400; saying what is missing is kinder.
    if (!flags["common-name"] && !flags["serial-number"]) {
      throw new UsageError("specify a common name (-n CN) or a serial number (-s SERIAL) to search for");
    }
    // Empty values are left out of the request, as Go's omitempty does.
    const reply = await (await ctx.client()).findCertificate({
      commonName: flags["common-name"] || undefined,
      serialNumber: flags["serial-number"] || undefined,
    });
    printJson(ctx.io, reply);
  },
});
