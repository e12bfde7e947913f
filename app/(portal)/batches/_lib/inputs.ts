/**
 * The zod input schemas of the batches actions (actions.ts may export actions only).
 * Form fields arrive as strings; names and subject fields are trimmed, empty ones dropped.
 * The domain (lib/issuance) validates everything again with the profile's own rules; what
 * is checked here gives the common mistakes a field error without a Sectigo call.
 */
import { z } from "zod";
import { MAX_CSR_UPLOAD_BYTES } from "@/lib/pki/pem";
import { isDnsName } from "@/lib/pki/dns-name";
import { PROFILES } from "@/lib/sectigo/profiles";

/** Extra DNS names as typed: one per line (commas and spaces also separate). */
export function parseDnsNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((n) => n.trim())
    .filter((n) => n !== "");
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const createSingleCertificateInput = z.object({
  authorityId: z.coerce.number({ message: "Choose the authority to issue under." }).int().positive("Choose the authority to issue under."),
  commonName: z
    .string({ message: "Enter the common name." })
    .trim()
    .min(1, "Enter the common name: the VASP's TRISA endpoint host, such as trisa.example.com.")
    .max(253, "A host name has at most 253 characters.")
    .refine(isDnsName, "Enter a DNS host name such as trisa.example.com (letters, digits, hyphens and dots; no spaces, no wildcard)."),
  dnsNames: z
    .string()
    .max(30_000, "Too many DNS names for one certificate.")
    .optional()
    .default("")
    .transform(parseDnsNames)
    .superRefine((names, ctx) => {
      const bad = names.filter((n) => !isDnsName(n));
      if (bad.length > 0) {
        const shown = bad.slice(0, 3).map((n) => `"${n.slice(0, 60)}"`).join(", ");
        ctx.addIssue({ code: "custom", message: `Not a DNS host name: ${shown}${bad.length > 3 ? ` and ${bad.length - 3} more` : ""}. Put one host name per line.` });
      }
    }),
  organizationName: optionalText(64, "The organization"),
  localityName: optionalText(128, "The locality"),
  stateOrProvinceName: optionalText(128, "The state or province"),
  countryName: optionalText(2, "The country")
    .refine((v) => v === undefined || /^[A-Z]{2}$/.test(v), "Use the two-letter country code in capitals, such as US."),
  batchName: optionalText(128, "The batch name"),
  /** a reissue: the serial of the certificate the new one replaces (lib/issuance/reissue.ts checks it) */
  reissueOf: optionalText(200, "The serial"),
});

export const csrTextField = z
  .string({ message: "Paste one or more CSRs, or choose a file." })
  // Characters never outnumber UTF-8 bytes, so this refuses only what is surely too large;
  // the domain checks the exact byte count.
  .max(MAX_CSR_UPLOAD_BYTES, "The text is larger than the 1 MiB limit. Split the CSRs into several uploads.")
  .refine((t) => t.trim() !== "", "Paste one or more CSRs, or choose a file.");

export const previewCsrsInput = z.object({ csrText: csrTextField });

export const uploadCsrsInput = z.object({
  profileId: z.coerce
    .number({ message: "Choose a profile." })
    .int()
    .refine((id) => PROFILES.some((p) => p.id === id), "Choose profile 17 or 85."),
  fileName: z.string().max(300).optional().default("csrs.pem"),
  csrText: csrTextField,
});

export const reissueWithCsrInput = z.object({
  serial: z.string().trim().min(1, "Which certificate?").max(200, "That is too long for a serial number."),
  fileName: z.string().max(300).optional(),
  csrText: csrTextField,
});

export const batchIdInput = z.object({
  batchId: z.coerce.number({ message: "Which batch?" }).int().positive("Which batch?"),
});

export const linkUnknownInput = batchIdInput.extend({
  sectigoBatchId: z.coerce
    .number({ message: "Enter Sectigo's batch id, a whole number such as 10042." })
    .int("Enter Sectigo's batch id, a whole number such as 10042.")
    .positive("Enter Sectigo's batch id, a whole number such as 10042.")
    .max(Number.MAX_SAFE_INTEGER, "That number is too large to be a Sectigo batch id."),
});

export const closeUnknownInput = batchIdInput.extend({
  reason: z.string({ message: "Say how you know Sectigo did not create it." }).max(2000, "Keep the reason under 500 characters."),
});
