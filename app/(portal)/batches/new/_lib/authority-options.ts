/**
 * The authorities as the "new certificate" form offers them: a label with the profile and
 * balance, why one cannot be chosen (shown in the option itself), and the subject fields
 * its profile requires, with the profile's validation pattern as an HTML `pattern` hint.
 * Pure: the server page builds these, the client form renders them.
 */
import { htmlPattern } from "@/app/(portal)/batches/_lib/html-pattern";
import type { IssuingAuthorityDto } from "@/lib/issuance";

/** The subject fields a profile may require, in the order the form shows them. */
export const SUBJECT_FIELD_NAMES = ["organizationName", "localityName", "stateOrProvinceName", "countryName"] as const;
export type SubjectFieldName = (typeof SUBJECT_FIELD_NAMES)[number];

export interface SubjectFieldOption {
  name: SubjectFieldName;
  label: string;
  placeholder: string | null;
  pattern: string | undefined;
  /** the rule in words, shown as the hint and as the browser's pattern message */
  message: string;
}

export interface AuthorityOption {
  authorityId: number;
  /** the option's text, including why it cannot be chosen */
  label: string;
  /** null when it can be chosen */
  disabledReason: string | null;
  /** "CipherTrace EE (profile 17, TestNet) · 41 certificates left" */
  summary: string;
  balanceUnknown: boolean;
  commonNamePattern: string | undefined;
  subjectFields: SubjectFieldOption[];
}

function balanceText(balance: number | null): string {
  if (balance === null) return "balance unknown";
  return `${balance.toLocaleString("en")} ${balance === 1 ? "certificate" : "certificates"} left`;
}

function disabledReason(a: IssuingAuthorityDto): string | null {
  if (!a.enabled) return "disabled at Sectigo";
  if (!a.supported) return `profile ${a.profileId} is not one the portal can fill in`;
  if (a.balance !== null && a.balance <= 0) return "no balance left";
  return null;
}

export function toAuthorityOption(a: IssuingAuthorityDto): AuthorityOption {
  const reason = disabledReason(a);
  const profile = `${a.profileName} (profile ${a.profileId}${a.network ? `, ${a.network}` : ""})`;
  const summary = `${profile} · ${balanceText(a.balance)}`;
  const subjectFields = SUBJECT_FIELD_NAMES.flatMap((name): SubjectFieldOption[] => {
    const param = a.parameters.find((p) => p.name === name);
    if (!param) return [];
    return [
      {
        name,
        label: param.title || name,
        placeholder: typeof param.placeholder === "string" ? param.placeholder : null,
        pattern: htmlPattern(param.validationPattern),
        message: param.message,
      },
    ];
  });
  return {
    authorityId: a.authorityId,
    label: `Authority ${a.authorityId}: ${summary}${reason ? ` — cannot issue: ${reason}` : ""}`,
    disabledReason: reason,
    summary,
    balanceUnknown: a.balance === null,
    commonNamePattern: htmlPattern(a.parameters.find((p) => p.name === "commonName")?.validationPattern),
    subjectFields,
  };
}

/** The option the form starts on: the first that can issue, preferring a known balance. */
export function defaultAuthorityId(options: readonly AuthorityOption[]): number | null {
  const usable = options.filter((o) => o.disabledReason === null);
  return (usable.find((o) => !o.balanceUnknown) ?? usable[0])?.authorityId ?? null;
}
