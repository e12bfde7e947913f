/**
 * The two TRISA certificate profiles (docs/sectigo-protocol.md §4.3) and the rules for their
 * parameters. The client builds parameters with these rules and the simulator validates
 * with the same ones, so what the portal accepts is what the CA accepts.
 *
 * Rules kept from the Go code: every required key must be present and non-empty, an extra
 * key is an error, and `dNSName` is the common name followed by the extra names, joined
 * with "\n", with no empty line.
 */
import type { ProfileParam } from "./schemas";
import { DNS_NAME, isDnsName } from "@/lib/pki/dns-name";

export type ProfileParamName =
  | "commonName"
  | "dNSName"
  | "pkcs12Password"
  | "organizationName"
  | "localityName"
  | "stateOrProvinceName"
  | "countryName";

export interface ProfileDefinition {
  id: number;
  name: string;
  network: "TestNet" | "MainNet";
  /** Required parameter names, sorted byte-wise as the Go code sorts them. */
  required: readonly ProfileParamName[];
}

export const PROFILE_EE: ProfileDefinition = {
  id: 17,
  name: "CipherTrace EE",
  network: "TestNet",
  required: ["commonName", "dNSName", "pkcs12Password"],
};

export const PROFILE_END_ENTITY: ProfileDefinition = {
  id: 85,
  name: "CipherTrace End Entity Certificate",
  network: "MainNet",
  required: [
    "commonName",
    "countryName",
    "dNSName",
    "localityName",
    "organizationName",
    "pkcs12Password",
    "stateOrProvinceName",
  ],
};

export const PROFILES: readonly ProfileDefinition[] = [PROFILE_EE, PROFILE_END_ENTITY];

/** Subject defaults used when a request lacks a value (`sectigo.Defaults`). */
export const SUBJECT_DEFAULTS = {
  organizationName: "TRISA Member VASP",
  localityName: "Menlo Park",
  stateOrProvinceName: "California",
  countryName: "US",
} as const;

/** A profile by its name or its id (number or decimal string), as Go accepts either. */
export function findProfile(nameOrId: string | number): ProfileDefinition | undefined {
  const key = String(nameOrId).trim();
  return PROFILES.find((p) => p.name === key || String(p.id) === key);
}

/** Parameter schema per name, served by endpoint N and applied by `validateProfileParams`. */
export const PARAM_RULES: Record<ProfileParamName, Omit<ProfileParam, "required" | "value" | "dynamic">> = {
  commonName: {
    name: "commonName",
    inputType: "TEXT",
    placeholder: "trisa.example.com",
    validationPattern: `^${DNS_NAME}$`,
    message: "The common name must be a DNS host name, such as trisa.example.com.",
    title: "Common Name",
    scopes: ["SUBJECT"],
  },
  dNSName: {
    name: "dNSName",
    inputType: "TEXTAREA",
    placeholder: "trisa.example.com",
    validationPattern: `^${DNS_NAME}(?:\\n${DNS_NAME})*$`,
    message: "DNS names must be host names, one per line, with no empty line.",
    title: "DNS Names (SAN)",
    scopes: ["SAN"],
  },
  pkcs12Password: {
    name: "pkcs12Password",
    inputType: "PASSWORD",
    placeholder: null,
    validationPattern: "^[\\x21-\\x7E]{8,128}$",
    message: "The PKCS#12 password must be 8 to 128 printable characters without spaces.",
    title: "PKCS#12 Password",
    scopes: ["KEY"],
  },
  organizationName: {
    name: "organizationName",
    inputType: "TEXT",
    placeholder: SUBJECT_DEFAULTS.organizationName,
    validationPattern: "^[^\\x00-\\x1F\\x7F]{1,64}$",
    message: "The organization name must be 1 to 64 characters.",
    title: "Organization (O)",
    scopes: ["SUBJECT"],
  },
  localityName: {
    name: "localityName",
    inputType: "TEXT",
    placeholder: SUBJECT_DEFAULTS.localityName,
    validationPattern: "^[^\\x00-\\x1F\\x7F]{1,128}$",
    message: "The locality must be 1 to 128 characters.",
    title: "Locality (L)",
    scopes: ["SUBJECT"],
  },
  stateOrProvinceName: {
    name: "stateOrProvinceName",
    inputType: "TEXT",
    placeholder: SUBJECT_DEFAULTS.stateOrProvinceName,
    validationPattern: "^[^\\x00-\\x1F\\x7F]{1,128}$",
    message: "The state or province must be 1 to 128 characters.",
    title: "State or Province (ST)",
    scopes: ["SUBJECT"],
  },
  countryName: {
    name: "countryName",
    inputType: "TEXT",
    placeholder: SUBJECT_DEFAULTS.countryName,
    validationPattern: "^[A-Z]{2}$",
    message: "The country must be a two-letter ISO 3166 code in capitals, such as US.",
    title: "Country (C)",
    scopes: ["SUBJECT"],
  },
};

/** Endpoint N's reply for a profile. */
export function profileParameters(profile: ProfileDefinition): ProfileParam[] {
  return profile.required.map((name) => ({ ...PARAM_RULES[name], required: true, value: null, dynamic: false }));
}

export interface ParamProblem {
  param: string;
  message: string;
}

/**
 * Checks a parameter map against a profile: missing, empty, extra and malformed keys.
 * Returns every problem, so a form can show them all at once; empty means valid.
 */
export function validateProfileParams(profile: ProfileDefinition, params: Record<string, string>): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const name of profile.required) {
    const value = params[name];
    if (value === undefined || value === "") {
      problems.push({ param: name, message: `missing required parameter: ${name}` });
      continue;
    }
    if (!new RegExp(PARAM_RULES[name].validationPattern).test(value)) {
      problems.push({ param: name, message: PARAM_RULES[name].message });
    } else if ((name === "commonName" || name === "dNSName") && value.split("\n").some((n) => !isDnsName(n))) {
      problems.push({ param: name, message: PARAM_RULES[name].message });
    }
  }
  for (const name of Object.keys(params).sort()) {
    if (!(profile.required as readonly string[]).includes(name)) {
      problems.push({ param: name, message: `params include extra profile parameter: ${name}` });
    }
  }
  return problems;
}
