// The panels' rows carry only what the panels show, worded on the server.
import { describe, expect, it } from "vitest";
import { authorityRows, expiringRows, expiryGroupCounts, inFlightRows, revocationRows } from "./panel-rows";
import type { DashboardSummary } from "@/lib/dashboard/summary";

describe("panel rows", () => {
  it("words an expiring certificate's day and how far off it is, from the server's clock", () => {
    const expiringSoon = [{ serial: "0A", commonName: "a.example.com", notAfter: "2026-12-15T12:00:00.000Z", dnsNames: ["a.example.com"], status: "expiring" }];
    const rows = expiringRows({ expiringSoon } as unknown as DashboardSummary, new Date("2026-12-03T01:00:00.000Z"));
    expect(rows).toEqual([{ serial: "0A", commonName: "a.example.com", day: "2026-12-15", relative: "in 12 days" }]);
  });

  it("names the expiry watch's groups in its order", () => {
    const expiryGroups = { overdue: 2, replaced: 0, none: 10_001, "in-progress": 1 };
    expect(expiryGroupCounts({ expiryGroups })).toEqual([
      { group: "none", label: "No replacement yet", count: 10_001, text: "more than 10,000" },
      { group: "in-progress", label: "Replacement in progress", count: 1, text: "1" },
      { group: "replaced", label: "Replaced", count: 0, text: "0" },
      { group: "overdue", label: "Overdue", count: 2, text: "2" },
    ]);
  });

  it("gives a batch its name, state, size and progress, and nothing else", () => {
    const inFlight = [{ id: 7, batchName: "b7", state: "processing", size: 4, progress: 0.254, csrText: "secret-ish", createdBy: 1 }];
    expect(inFlightRows({ inFlight } as unknown as DashboardSummary)).toEqual([{ id: 7, batchName: "b7", state: "processing", size: 4, percent: 25 }]);
  });

  it("puts a revocation's time, reason and requester on one line", () => {
    const recentRevocations = [
      { serial: "0B", commonName: "b.example.com", reasonCode: 1, reasonLabel: "Key compromise", revokedAt: "2026-03-01T09:30:12.000Z", revokedBy: { id: 2, email: "op@example.com" } },
    ];
    expect(revocationRows({ recentRevocations } as DashboardSummary)).toEqual([
      { serial: "0B", commonName: "b.example.com", line: "2026-03-01 09:30 UTC · Key compromise, code 1 · by op@example.com" },
    ]);
  });

  it("keeps a failed authority list as null, so the panel shows its notice", () => {
    expect(authorityRows({ authorities: null })).toBeNull();
    expect(authorityRows({ authorities: [{ id: 423, profileId: 17, profileName: "EE", balance: null }] })).toEqual([{ id: 423, profileName: "EE", balance: null }]);
  });
});
