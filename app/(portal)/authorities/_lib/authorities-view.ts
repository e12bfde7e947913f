/**
 * What the Authorities & profiles page shows, gathered on the server from Sectigo: the
 * authorities with their available balances, each profile's detail and the parameters it
 * requires, the licences, and the organization record.
 *
 * Rules: the page always renders. Every Sectigo call races one page deadline; a call that
 * fails leaves its part empty (null) and adds one sentence to `problems` — never a stack or
 * a secret. Profile parameters come from Sectigo (endpoint N), falling back to the portal's
 * copy of the TRISA profile, and say which one they are.
 */
import "server-only";
import { hasCode } from "@/lib/errors";
import { startDeadline } from "@/lib/http/deadline";
import { listIssuingAuthorities, type IssuingAuthorityDto } from "@/lib/issuance";
import {
  findProfile,
  profileParameters,
  type Organization,
  type ProfileDetail,
  type ProfileParam,
  type ProfileSummary,
  type SectigoClient,
} from "@/lib/sectigo";
import { sectigoFailureMessage } from "@/lib/sectigo/user-message";

export type AuthoritiesClient = Pick<
  SectigoClient,
  "userAuthorities" | "authorityAvailableBalance" | "profileParams" | "profiles" | "profileDetail" | "licensesUsed" | "organization"
>;

export interface AuthoritiesSource {
  mode: "simulator" | "live";
  endpoint: string;
  client: AuthoritiesClient;
}

export interface ProfileView {
  profileId: number;
  name: string;
  network: "TestNet" | "MainNet" | null;
  /** the CA that signs under it (endpoint L), when listed */
  ca: string | null;
  algorithms: string[];
  keyAlgorithmInfo: string | null;
  /** rawProfileConfig, indented when it is JSON; null when Sectigo did not give the detail */
  config: string | null;
  /** authorities that issue under this profile */
  authorityIds: number[];
  parameters: ProfileParam[];
  /** where `parameters` came from */
  parametersFrom: "sectigo" | "portal" | "none";
}

export interface OrganizationView {
  id: number;
  name: string;
  status: string;
  address: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  ecosystemId: number;
  parameters: [string, string][];
}

export interface AuthoritiesView {
  mode: "simulator" | "live" | null;
  endpoint: string | null;
  authorities: IssuingAuthorityDto[] | null;
  profiles: ProfileView[] | null;
  licenses: { ordered: number; issued: number } | null;
  organization: OrganizationView | null;
  /** one sentence per part Sectigo did not give */
  problems: string[];
}

export const PAGE_DEADLINE_MS = 8000;

/** No answer in time: the client's own timeout, or this page's deadline. */
const SILENT = new Set(["DEADLINE", "TIMEOUT"]);

function codeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code.replace(/^SECTIGO_/, "") : "";
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/**
 * One sentence per missing part. A down Sectigo is named by its host and "nothing was sent"
 * (sectigoFailureMessage's words for a read); an answer with an error is not an outage and
 * says what Sectigo answered; a silence says it gave up.
 */
function problem(what: string, thrown: unknown, endpoint: string, deadlineMs: number): string {
  // listIssuingAuthorities hands Sectigo's error over as the cause of its own.
  const err = hasCode(thrown, "SECTIGO_FAILED") ? thrown.cause : thrown;
  if (SILENT.has(codeOf(err))) {
    return `${what}: Sectigo at ${hostOf(endpoint)} did not answer within ${Math.round(deadlineMs / 1000)} s; try again later.`;
  }
  return `${what}: ${sectigoFailureMessage(err, { operation: "read" })}`;
}

/** Indented JSON when the text is JSON, else the text as it is. */
export function prettyConfig(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function organizationView(org: Organization): OrganizationView {
  return {
    id: org.organizationId,
    name: org.organizationName,
    status: org.orgStatus,
    address: org.address,
    contactName: org.primaryContactName,
    contactEmail: org.primaryContactEmail,
    contactPhone: org.primaryContactPhone,
    ecosystemId: org.ecosystemId,
    parameters: Object.entries(org.organizationParameters),
  };
}

function profileViews(
  authorities: IssuingAuthorityDto[] | null,
  summaries: ProfileSummary[] | null,
  details: Map<number, ProfileDetail>,
  sectigoParams: Map<number, ProfileParam[]>,
): ProfileView[] {
  const ids = [...new Set([...(summaries ?? []).map((s) => s.profileId), ...(authorities ?? []).map((a) => a.profileId)])];
  return ids.map((id) => {
    const definition = findProfile(id);
    const summary = summaries?.find((s) => s.profileId === id);
    const detail = details.get(id);
    const fromSectigo = sectigoParams.get(id);
    const fallback = definition ? profileParameters(definition) : [];
    return {
      profileId: id,
      name: detail?.profileName ?? definition?.name ?? authorities?.find((a) => a.profileId === id)?.profileName ?? `Profile ${id}`,
      network: definition?.network ?? null,
      ca: summary?.ca ?? null,
      algorithms: summary?.algorithms ?? [],
      keyAlgorithmInfo: detail?.keyAlgorithmInfo || null,
      config: detail ? prettyConfig(detail.rawProfileConfig) : null,
      authorityIds: (authorities ?? []).filter((a) => a.profileId === id).map((a) => a.authorityId),
      parameters: fromSectigo ?? fallback,
      parametersFrom: fromSectigo ? "sectigo" : fallback.length > 0 ? "portal" : "none",
    };
  });
}

export async function loadAuthoritiesView(
  source: () => Promise<AuthoritiesSource>,
  options: { deadlineMs?: number } = {},
): Promise<AuthoritiesView> {
  let connection: AuthoritiesSource;
  try {
    connection = await source();
  } catch (err) {
    console.error(`authorities page: the Sectigo connection is not available (${codeOf(err) || (err instanceof Error ? err.name : "error")})`);
    return {
      mode: null,
      endpoint: null,
      authorities: null,
      profiles: null,
      licenses: null,
      organization: null,
      problems: ["The portal's connection to Sectigo has not started; see the server log, then restart the portal."],
    };
  }
  const { client, endpoint } = connection;
  const deadlineMs = options.deadlineMs ?? PAGE_DEADLINE_MS;
  const deadline = startDeadline(deadlineMs);
  const settle = deadline.settle;

  try {
    const [authorities, summaries, licenses, organization] = await Promise.all([
      settle(() => listIssuingAuthorities(client)),
      settle(() => client.profiles()),
      settle(() => client.licensesUsed()),
      settle(() => client.organization()),
    ]);
    const ids = [
      ...new Set([...(summaries.ok ? summaries.value.map((s) => s.profileId) : []), ...(authorities.ok ? authorities.value.map((a) => a.profileId) : [])]),
    ];
    // Parameters are asked per profile here (not taken from listIssuingAuthorities, which
    // silently falls back to the portal's copy) so the page can say where they came from.
    const details = new Map<number, ProfileDetail>();
    const params = new Map<number, ProfileParam[]>();
    let detailProblem: unknown = null;
    await Promise.all(
      ids.map(async (id) => {
        const detail = await settle(() => client.profileDetail(id));
        if (detail.ok) details.set(id, detail.value);
        else detailProblem ??= detail.error;
        const got = await settle(() => client.profileParams(id));
        if (got.ok) params.set(id, got.value);
      }),
    );

    const problems: string[] = [];
    if (!authorities.ok) problems.push(problem("Authorities", authorities.error, endpoint, deadlineMs));
    if (!summaries.ok) problems.push(problem("Profiles", summaries.error, endpoint, deadlineMs));
    if (detailProblem !== null) problems.push(problem("Profile details", detailProblem, endpoint, deadlineMs));
    if (!licenses.ok) problems.push(problem("Licences", licenses.error, endpoint, deadlineMs));
    if (!organization.ok) problems.push(problem("Organization", organization.error, endpoint, deadlineMs));
    const authorityList = authorities.ok ? authorities.value : null;
    return {
      mode: connection.mode,
      endpoint,
      authorities: authorityList,
      profiles: authorityList || summaries.ok ? profileViews(authorityList, summaries.ok ? summaries.value : null, details, params) : null,
      licenses: licenses.ok ? { ordered: licenses.value.ordered, issued: licenses.value.issued } : null,
      organization: organization.ok ? organizationView(organization.value) : null,
      problems,
    };
  } finally {
    deadline.cancel();
  }
}
