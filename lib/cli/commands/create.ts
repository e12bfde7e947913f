/**
 * `sectigo create`: a single-certificate batch. Unlike Go, the parameters follow the
 * profile of the chosen authority (looked up with /authorities/allowed), so the End
 * Entity profile (85) gets its O/L/ST/C (given or defaulted) and works. When no -p is
 * given, a 16-character crypto-random PKCS#12 password is generated and printed before
 * the reply: the one place this tool prints a password, because the operator must keep it
 * to open the download.
 */
import "server-only";
import { defineCommand } from "../command";
import { CliError, UsageError } from "../errors";
import { printJson, printLine } from "../output";
import { buildProfileParams } from "@/lib/sectigo/params";
import { generatePkcs12Password } from "@/lib/sectigo/password";
import { findProfile, PROFILES, type ProfileDefinition } from "@/lib/sectigo/profiles";
import type { Authority } from "@/lib/sectigo/schemas";

export const createCommand = defineCommand({
  name: "create",
  synopsis: "-a ID -d DOMAIN [-p PASSWORD] [-b NAME] [-c COUNTRY] [-s STATE] [-l LOCALITY] [-o ORG] [--dns NAME…]",
  summary: "create a single-certificate batch (Sectigo generates the key and a PKCS#12)",
  flags: {
    authority: { kind: "int", aliases: ["a"], usage: "id of the authority to issue the certificate (see: sectigo authorities)", placeholder: "ID" },
    domain: { kind: "string", aliases: ["d"], usage: "common name of the subject, a DNS host name", placeholder: "DOMAIN" },
    password: {
      kind: "string",
      aliases: ["p"],
      usage: "PKCS#12 password (default: 16 random characters, printed once)",
      placeholder: "PASSWORD",
    },
    "batch-name": { kind: "string", aliases: ["b"], usage: 'name of the batch (default "new certs for DOMAIN")', placeholder: "NAME" },
    country: { kind: "string", aliases: ["c"], usage: "subject country, two capital letters (profile 85; default US)", placeholder: "COUNTRY" },
    state: { kind: "string", aliases: ["s"], usage: "subject state or province (profile 85; default California)", placeholder: "STATE" },
    locality: { kind: "string", aliases: ["l"], usage: "subject locality (profile 85; default Menlo Park)", placeholder: "LOCALITY" },
    organization: {
      kind: "string",
      aliases: ["o"],
      usage: "subject organization (profile 85; default TRISA Member VASP)",
      placeholder: "ORG",
    },
    dns: { kind: "strings", usage: "another DNS name for the SAN, after the domain", placeholder: "NAME" },
  },
  async run(ctx, { flags }) {
    const domain = flags.domain?.trim();
    if (!domain) throw new UsageError("must specify domain name of cert subject");
    if (!flags.authority) throw new UsageError("must specify authority ID");

    const client = await ctx.client();
    const authorities = await client.userAuthorities();
    const authority = authorities.find((a) => a.id === flags.authority);
    if (!authority) {
      const known = authorities.map((a) => a.id).join(", ") || "none";
      throw new CliError(
        "USAGE",
        `authority ${flags.authority} is not among the authorities of this account (${known}): see "sectigo authorities"`,
      );
    }
    const profile = profileOfAuthority(authority);

    const generated = flags.password === undefined || flags.password === "";
    const pkcs12Password = generated ? generatePkcs12Password() : (flags.password as string);
    // Validated before anything is printed or sent: a bad domain costs no licence.
    const profileParams = buildProfileParams(profile, {
      commonName: domain,
      dnsNames: flags.dns,
      pkcs12Password,
      organizationName: flags.organization,
      localityName: flags.locality,
      stateOrProvinceName: flags.state,
      countryName: flags.country,
    });

    // Printed before the call, as Go does: if the reply is lost (a timeout) the batch may
    // still exist, and its download is useless without this password.
    if (generated) printLine(ctx.io, `pkcs12 password: ${pkcs12Password}`);
    const batch = await client.createSingleCertBatch({
      authorityId: authority.id,
      batchName: flags["batch-name"] || `new certs for ${domain}`,
      profileParams,
    });
    printJson(ctx.io, batch);
  },
});

/**
 * The profile an authority issues under. Real Sectigo gives the profile id; the staging
 * CA reuses the authority id there and names the profile "CipherTrace EE_#17", so the
 * name (with or without its "_#id" suffix) is tried first, then the "#id", then the id.
 */
export function profileOfAuthority(authority: Authority): ProfileDefinition {
  const name = authority.profileName.trim();
  const suffix = /^(.*?)_?#(\d+)$/.exec(name);
  const profile =
    findProfile(name) ??
    (suffix ? (findProfile((suffix[1] ?? "").trim()) ?? findProfile(suffix[2] ?? "")) : undefined) ??
    findProfile(authority.profileId);
  if (profile) return profile;
  const known = PROFILES.map((p) => `${p.id} (${p.name})`).join(" and ");
  throw new CliError(
    "USAGE",
    `authority ${authority.id} issues under profile "${authority.profileName}" (id ${authority.profileId}), whose parameters this tool does not know; it knows ${known}`,
  );
}
