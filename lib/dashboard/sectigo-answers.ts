/**
 * Sectigo's part of the dashboard (licences, the authorities and their balances), kept for a
 * short while. The dashboard is the landing page and every view asked Sectigo again — three
 * or more HTTP round trips, most of the page's time (docs/operations.md §7, P10) — for figures
 * that change only when certificates are issued. An answer is kept SECTIGO_FRESH_MS and the
 * page says when it was taken ("as of HH:MM UTC").
 *
 * Only a complete answer is kept: a failed part (or a balance that did not come) is asked
 * again on the next view, so an unreachable Sectigo shows its notice at once, and a recovered
 * one shows its figures at once. Views that arrive while Sectigo is being asked share that one
 * ask. Nothing here checks permissions: the page asks only for viewers who may see the panels.
 */
import "server-only";
import type { SectigoClient } from "@/lib/sectigo/client";
import type { LicensesUsed } from "@/lib/sectigo/schemas";
import { plainProfileName } from "@/lib/issuance/authorities";
import { userMessage } from "@/lib/sectigo/user-message";

/** How long Sectigo's answer is shown before it is asked again: one minute. */
export const SECTIGO_FRESH_MS = 60_000;

export type DashboardClient = Pick<SectigoClient, "licensesUsed" | "userAuthorities" | "authorityAvailableBalance">;

export interface DashboardAuthority {
  id: number;
  profileId: number;
  profileName: string;
  balance: number | null;
}

export interface SectigoAnswers {
  licenses: LicensesUsed | null;
  /** why `licenses` is null */
  licensesError: string | null;
  authorities: DashboardAuthority[] | null;
  /** why `authorities` is null */
  authoritiesError: string | null;
  /** when Sectigo was asked (ISO 8601, UTC) */
  asOf: string;
}

async function authoritiesWithBalances(client: DashboardClient): Promise<DashboardAuthority[]> {
  const list = await client.userAuthorities();
  return Promise.all(
    list.map(async (a) => ({
      id: a.id,
      profileId: a.profileId,
      profileName: plainProfileName(a.profileName),
      balance: await client.authorityAvailableBalance(a.id).catch(() => null),
    })),
  );
}

/** Asks Sectigo now; a part that fails becomes null with the sentence to show. */
export async function fetchSectigoAnswers(client: DashboardClient, now: Date = new Date()): Promise<SectigoAnswers> {
  const [licenses, authorities] = await Promise.allSettled([client.licensesUsed(), authoritiesWithBalances(client)]);
  return {
    licenses: licenses.status === "fulfilled" ? licenses.value : null,
    licensesError: licenses.status === "rejected" ? userMessage(licenses.reason) : null,
    authorities: authorities.status === "fulfilled" ? authorities.value : null,
    authoritiesError: authorities.status === "rejected" ? userMessage(authorities.reason) : null,
    asOf: now.toISOString(),
  };
}

function complete(answers: SectigoAnswers): boolean {
  return answers.licenses !== null && answers.authorities !== null && answers.authorities.every((a) => a.balance !== null);
}

/** One kept answer and the ask in flight; `clock` is injectable so tests need not wait. */
export class SectigoAnswersCache {
  private kept: SectigoAnswers | null = null;
  private keptAt = 0;
  private asking: Promise<SectigoAnswers> | null = null;

  constructor(
    private readonly freshMs: number = SECTIGO_FRESH_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The kept answer while it is fresh; otherwise asks Sectigo through `client`. */
  get(client: DashboardClient): Promise<SectigoAnswers> {
    if (this.kept && this.clock() - this.keptAt < this.freshMs) return Promise.resolve(this.kept);
    if (!this.asking) {
      const askedAt = this.clock();
      this.asking = fetchSectigoAnswers(client, new Date(askedAt))
        .then((answers) => {
          if (complete(answers)) {
            this.kept = answers;
            this.keptAt = askedAt;
          }
          return answers;
        })
        .finally(() => {
          this.asking = null;
        });
    }
    return this.asking;
  }
}

const holder = globalThis as unknown as { __dashboardSectigoAnswers?: SectigoAnswersCache };

/** The process's cache: one Sectigo account per portal, so every viewer shares it. */
export function sharedSectigoAnswers(): SectigoAnswersCache {
  return (holder.__dashboardSectigoAnswers ??= new SectigoAnswersCache());
}
