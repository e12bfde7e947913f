// The Sectigo connection (admin, operator): first what a live probe found just now —
// reachable, slow, unreachable (host named), credentials refused, answering with errors —
// and when Sectigo last answered; then mode and endpoint, the account, the token the portal
// holds (a secondary fact: a token never says Sectigo is up), authorities with their
// balances. Re-authenticate is for admins. Tokens and the password are never shown. The
// permission is checked here on every request.
import type { Metadata } from "next";
import { Badge, type BadgeTone } from "@/app/_components/ui/badge";
import { PageHeader } from "@/app/_components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { sectigoConnection } from "@/lib/connection";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import type { ConnectionStateKind } from "./_lib/connection-state";
import { loadConnectionView, type ConnectionView } from "./_lib/connection-view";
import { ReauthenticateForm } from "./_components/reauthenticate-form";

export const metadata: Metadata = { title: "Sectigo connection" };
export const dynamic = "force-dynamic";

// Green only for a Sectigo that answered just now: nothing else on this page is green.
const STATE_TONES: Record<ConnectionStateKind, BadgeTone> = {
  reachable: "green",
  slow: "amber",
  unreachable: "red",
  refused: "red",
  failing: "red",
  "not-started": "red",
};

const STATE_BOX: Record<ConnectionStateKind, string> = {
  reachable: "border-slate-200 bg-white",
  slow: "border-amber-300 bg-amber-50",
  unreachable: "border-red-300 bg-red-50",
  refused: "border-red-300 bg-red-50",
  failing: "border-red-300 bg-red-50",
  "not-started": "border-red-300 bg-red-50",
};

/** The token the portal holds, in one sentence; what it is not is said by the section. */
function TokenHeld({ credentials }: { credentials: NonNullable<ConnectionView["credentials"]> }) {
  const until = credentials.untilUtc ? (
    <>
      <span className="font-medium">{credentials.untilUtc}</span> ({credentials.relative})
    </>
  ) : null;
  switch (credentials.tone) {
    case "valid":
      return <>The portal holds a token valid until {until}.</>;
    case "current":
      return <>{"The portal's access token has expired; it holds a refresh token usable until "}{until}.</>;
    case "expired":
      return <>The portal holds no usable token; the next call to Sectigo logs in with the configured account.</>;
  }
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={id} className="mb-3 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="pt-2 text-sm font-medium text-slate-600 sm:pt-0">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </>
  );
}

export default async function ConnectionPage() {
  const user = await requirePermission("connection.read", "/connection");
  const view = await loadConnectionView(sectigoConnection);
  const { state, credentials } = view;

  return (
    <>
      <PageHeader
        title="Sectigo connection"
        description="Whether Sectigo answers the portal right now, where the portal sends its requests, and the account it uses. The portal logs in by itself when it needs to; tokens are kept encrypted in its database and never shown."
      />
      <div className="space-y-4">
        <section aria-labelledby="state-heading" className={`rounded-lg border p-4 shadow-sm ${STATE_BOX[state.kind]}`} data-testid="connection-state">
          <h2 id="state-heading" className="mb-3 text-base font-semibold text-slate-900">
            Sectigo right now
          </h2>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
            <Row label="State">
              <span className="flex flex-col items-start gap-1">
                <span data-testid="connection-state-label">
                  <Badge tone={STATE_TONES[state.kind]}>{state.label}</Badge>
                </span>
                <span data-testid="connection-state-sentence">{state.sentence}</span>
              </span>
            </Row>
            <Row label="Last successful contact">
              <span data-testid="last-contact">
                {view.lastContact ? (
                  <>
                    <span className="font-medium">{view.lastContact.utc}</span> ({view.lastContact.relative})
                  </>
                ) : (
                  "never"
                )}
              </span>
            </Row>
            <Row label="Mode">
              {view.mode === "simulator" ? (
                <Badge tone="amber" title="Certificates come from the embedded Sectigo simulator, not from Sectigo.">
                  Embedded simulator
                </Badge>
              ) : view.mode === "live" ? (
                <Badge tone="blue">Live Sectigo</Badge>
              ) : (
                <Badge tone="red">Not connected</Badge>
              )}
            </Row>
            <Row label="Endpoint">
              <span className="break-all font-mono">{view.endpoint ?? "—"}</span>
            </Row>
          </dl>
          <p className="mt-3 text-xs text-slate-600">Checked when this page loaded; reload the page to check again.</p>
        </section>

        <Section id="credentials-heading" title="Account and token">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
            <Row label="Organization">{view.organizationName ?? "unknown"}</Row>
            <Row label="Licences">
              {view.licenses ? (
                <span data-testid="licences">
                  {view.licenses.issued.toLocaleString("en")} issued of {view.licenses.ordered.toLocaleString("en")} ordered
                </span>
              ) : (
                "unknown"
              )}
            </Row>
            {credentials ? (
              <>
                <Row label="Token">
                  <span data-testid="credentials-state">
                    <TokenHeld credentials={credentials} />
                  </span>
                  {credentials.tone !== "expired" ? (
                    <span className="mt-1 block text-xs text-slate-600">A held token does not mean Sectigo answers; the state above says whether it does.</span>
                  ) : null}
                </Row>
                <Row label="Token subject">
                  <span className="break-all font-mono">{credentials.subject ?? "—"}</span>
                </Row>
                <Row label="As sectigo auth --debug">
                  <code className="break-words font-mono text-xs">{credentials.debugLine}</code>
                </Row>
              </>
            ) : (
              <Row label="Token">unknown</Row>
            )}
          </dl>
          {can(user.role, "connection.reauthenticate") ? (
            <div className="mt-4 border-t border-slate-200 pt-4">
              <ReauthenticateForm canReadAudit={can(user.role, "audit.read")} />
            </div>
          ) : null}
        </Section>
        <Section id="authorities-heading" title="Authorities and balances">
          {view.authorities ? (
            view.authorities.length > 0 ? (
              <Table caption="Authorities with their available balances">
                <THead>
                  <Th>Authority</Th>
                  <Th>Profile</Th>
                  <Th>Ecosystem</Th>
                  <Th>Enabled</Th>
                  <Th className="text-right">Available balance</Th>
                </THead>
                <TBody>
                  {view.authorities.map((a) => (
                    <Tr key={a.id} testId="authority-row">
                      <Td label="Authority" className="font-mono">
                        {a.id}
                      </Td>
                      <Td label="Profile">
                        <span>
                          {a.profileName} <span className="whitespace-nowrap text-xs text-slate-500">(profile {a.profileId})</span>
                        </span>
                      </Td>
                      <Td label="Ecosystem">{a.ecosystemName}</Td>
                      <Td label="Enabled">{a.enabled ? "yes" : "no"}</Td>
                      <Td label="Balance" className="tabular-nums sm:text-right">
                        {a.balance === null ? (
                          <span title="Sectigo did not answer for this authority's balance">unknown</span>
                        ) : (
                          a.balance.toLocaleString("en")
                        )}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            ) : (
              <p className="text-sm text-slate-700">The Sectigo account has no authorities.</p>
            )
          ) : (
            <p className="text-sm text-slate-700">Unknown: Sectigo did not list the authorities (see the state above).</p>
          )}
        </Section>
      </div>
    </>
  );
}
