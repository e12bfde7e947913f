import { describe, expect, it } from "vitest";
import type { Authority } from "@/lib/sectigo";
import { profileOfAuthority } from "./create";

const authority = (id: number, profileId: number, profileName: string): Authority => ({
  id,
  ecosystemId: 21,
  signerCertificateId: 0,
  ecosystemName: "Staging",
  balance: 100,
  enabled: true,
  profileId,
  profileName,
});

describe("profileOfAuthority", () => {
  it("reads the profile of real Sectigo, of the staging CA (which reuses the authority id) and of the simulator", () => {
    expect(profileOfAuthority(authority(1, 85, "CipherTrace End Entity Certificate")).id).toBe(85);
    expect(profileOfAuthority(authority(423, 423, "CipherTrace EE_#17")).id).toBe(17);
    expect(profileOfAuthority(authority(489, 489, "CipherTrace End Entity Certificate_#85")).id).toBe(85);
    expect(profileOfAuthority(authority(7, 17, "Renamed profile")).id).toBe(17);
  });

  it("names the profile it does not know instead of guessing its parameters", () => {
    expect(() => profileOfAuthority(authority(9, 99, "Other Profile"))).toThrow(
      /authority 9 issues under profile "Other Profile" \(id 99\), whose parameters this tool does not know; it knows 17 \(CipherTrace EE\) and 85/,
    );
  });
});
