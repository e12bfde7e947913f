import { describe, expect, it } from "vitest";
import { PROFILE_EE, PROFILE_END_ENTITY, profileParameters } from "@/lib/sectigo/profiles";
import type { IssuingAuthorityDto } from "@/lib/issuance";
import { defaultAuthorityId, toAuthorityOption } from "./authority-options";

function authority(overrides: Partial<IssuingAuthorityDto>): IssuingAuthorityDto {
  return {
    authorityId: 1,
    profileId: 17,
    profileName: "CipherTrace EE",
    network: "TestNet",
    balance: 10,
    enabled: true,
    supported: true,
    parameters: profileParameters(PROFILE_EE),
    ...overrides,
  };
}

describe("authority options", () => {
  it("shows profile and balance, and no subject fields for profile 17", () => {
    const option = toAuthorityOption(authority({}));
    expect(option.label).toBe("Authority 1: CipherTrace EE (profile 17, TestNet) · 10 certificates left");
    expect(option.disabledReason).toBeNull();
    expect(option.subjectFields).toEqual([]);
    expect(option.commonNamePattern).toBeDefined();
  });

  it("asks for the four subject fields of profile 85, with their rules", () => {
    const option = toAuthorityOption(authority({ authorityId: 2, profileId: 85, profileName: "CipherTrace End Entity Certificate", network: "MainNet", parameters: profileParameters(PROFILE_END_ENTITY) }));
    expect(option.subjectFields.map((f) => f.name)).toEqual(["organizationName", "localityName", "stateOrProvinceName", "countryName"]);
    const country = option.subjectFields.find((f) => f.name === "countryName");
    expect(country).toMatchObject({ pattern: "[A-Z]{2}", label: "Country (C)" });
    expect(country?.message).toContain("two-letter");
  });

  it("says in the option why an authority cannot be chosen", () => {
    expect(toAuthorityOption(authority({ balance: 0 })).disabledReason).toBe("no balance left");
    expect(toAuthorityOption(authority({ balance: 0 })).label).toContain("cannot issue: no balance left");
    expect(toAuthorityOption(authority({ enabled: false })).disabledReason).toBe("disabled at Sectigo");
    expect(toAuthorityOption(authority({ supported: false, profileId: 99 })).disabledReason).toContain("profile 99");
    // An unreadable balance is not an empty one: Sectigo decides at submission.
    const unknown = toAuthorityOption(authority({ balance: null }));
    expect(unknown.disabledReason).toBeNull();
    expect(unknown.label).toContain("balance unknown");
  });

  it("starts on the first usable authority, preferring a known balance", () => {
    const options = [
      toAuthorityOption(authority({ authorityId: 1, balance: 0 })),
      toAuthorityOption(authority({ authorityId: 2, balance: null })),
      toAuthorityOption(authority({ authorityId: 3, balance: 5 })),
    ];
    expect(defaultAuthorityId(options)).toBe(3);
    expect(defaultAuthorityId(options.slice(0, 2))).toBe(2);
    expect(defaultAuthorityId(options.slice(0, 1))).toBeNull();
  });
});
