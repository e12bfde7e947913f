/**
 * Text formats of the Sectigo wire that have no schema: the real service's timestamp
 * (`2020-12-10T16:35:32.805+0000`, docs/sectigo-protocol.md §2.2) and the subject DN string of find results, which
 * cathy writes in Go's `pkix.Name.String()` form (`CN=…,O=…,C=US`, most specific first).
 */
import "server-only";
import { x509 } from "@/lib/pki/x509";

/** UTC with milliseconds and a `+0000` offset, as the real service writes creationDate. */
export function sectigoDate(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}

const ESCAPED = /[,+"\\<>;]/g;

function escapeValue(value: string): string {
  let out = value.replace(ESCAPED, (c) => `\\${c}`);
  if (out.startsWith("#") || out.startsWith(" ")) out = `\\${out}`;
  if (out.endsWith(" ") && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** Go's pkix.Name.String(): RDNs in reverse DER order, joined by "," without spaces. */
export function goStyleDn(name: x509.Name): string {
  return name
    .toJSON()
    .slice()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(String(v))}`))
        .join("+"),
    )
    .join(",");
}

/** The first CN of a name, or "" when it has none. */
export function commonNameOf(name: x509.Name): string {
  return name.getField("CN")[0] ?? "";
}
