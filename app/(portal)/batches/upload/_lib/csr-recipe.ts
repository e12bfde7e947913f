/**
 * The fields of the TRISA CSR recipe (the openssl config TRISA members use) and their
 * checks, shared by the in-browser generator form and its tests. Pure and small: it loads
 * with the upload page, while the crypto code (generate-csr.ts) loads only when used.
 */
import { isDnsName } from "@/lib/pki/dns-name";

export type CsrKeyType = "rsa-4096" | "ecdsa-p256";
export type CsrHash = "SHA-384" | "SHA-256";

export const KEY_TYPE_OPTIONS: readonly { value: CsrKeyType; label: string }[] = [
  { value: "rsa-4096", label: "RSA 4096 (TRISA default)" },
  { value: "ecdsa-p256", label: "ECDSA P-256" },
];

export const HASH_OPTIONS: readonly { value: CsrHash; label: string }[] = [
  { value: "SHA-384", label: "SHA-384 (TRISA default)" },
  { value: "SHA-256", label: "SHA-256" },
];

export interface CsrRecipe {
  commonName: string;
  /** extra DNS names; the common name is always the first SAN */
  dnsNames: string[];
  organization: string;
  locality: string;
  state: string;
  country: string;
  keyType: CsrKeyType;
  hash: CsrHash;
}

export type RecipeErrors = Partial<Record<"commonName" | "dnsNames" | "organization" | "locality" | "state" | "country", string>>;

/** "a.example\n b.example ,c.example" → ["a.example", "b.example", "c.example"]. */
export function splitNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

/** The SAN DNS names: the common name first, then the extras, without repeats (case-insensitive). */
export function sanNames(recipe: Pick<CsrRecipe, "commonName" | "dnsNames">): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of [recipe.commonName, ...recipe.dnsNames]) {
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkRecipe(recipe: CsrRecipe): RecipeErrors {
  const errors: RecipeErrors = {};
  if (!isDnsName(recipe.commonName)) errors.commonName = "Enter the endpoint's host name, such as trisa.example.com.";
  const bad = recipe.dnsNames.filter((n) => !isDnsName(n));
  if (bad.length > 0) errors.dnsNames = `Not a host name: ${bad.slice(0, 3).join(", ")}. One name per line.`;
  if (recipe.dnsNames.length > 50) errors.dnsNames = "At most 50 extra DNS names.";
  const text: [keyof RecipeErrors, string, number][] = [
    ["organization", recipe.organization, 64],
    ["locality", recipe.locality, 128],
    ["state", recipe.state, 128],
  ];
  for (const [field, value, max] of text) {
    if (value.length > max || CONTROL.test(value)) errors[field] = `Use at most ${max} characters, without control characters.`;
  }
  if (recipe.country !== "" && !/^[A-Z]{2}$/.test(recipe.country)) errors.country = "Use a two-letter country code in capitals, such as US.";
  return errors;
}
