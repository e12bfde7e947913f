/**
 * lib/dashboard: the home page's summary. It reads across the other rooms (batches in flight,
 * certificates expiring, revocations, Sectigo balances), so it sits above them and none of
 * them imports it.
 */
import "server-only";

export {
  dashboardSummary,
  DASHBOARD_WEEKS,
  recentRevocations,
  weekStartOf,
  weeklyCounts,
  type DashboardOptions,
  type DashboardSummary,
  type RecentRevocation,
  type WeeklyCount,
} from "./summary";
export { SECTIGO_FRESH_MS, SectigoAnswersCache, sharedSectigoAnswers, type SectigoAnswers } from "./sectigo-answers";
