// The Sectigo connection (admin, operator): where the portal sends its requests, in which
// mode, the state of its credentials in the words of `sectigo auth --debug`, authorities with
// their balances, licences and the organization. Re-authenticate is for admins. Tokens and
// the password are never shown. The permission is checked here on every request.
import type { Metadata } from "next";
import { Badge, type BadgeTone } from "@/app/_components/ui/badge";
import { Notice } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { sectigoConnection } from "@/lib/connection";
import { can } from "@/lib/auth/rbac";
import { requirePermission } from "@/lib/auth/session";
import { loadConnectionView } from "./_lib/connection-view";
import type { CredentialsTone } from "./_lib/credentials-words";
import { ReauthenticateForm } from "./_components/reauthenticate-form";

export const metadata: Metadata = { title: "Sectigo connection" };
export const dynamic = "force-dynamic";

const CREDENTIAL_TONES: Record<CredentialsTone, BadgeTone> = { valid: "green", current: "amber", expired: "red" };

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
  const credentials = view.credentials;

  return (
    <>
      <PageHeader
        title="Sectigo connection"
        description="Where the portal sends its Sectigo requests and whether it is logged in. The portal logs in by itself when it needs to; tokens are kept encrypted in its database and never shown."
      />
      <div className="space-y-4">
        {view.problem ? (
          <Notice tone="warning" title="Sectigo did not answer as expected" testId="connection-problem">
            {view.problem}
          </Notice>
        ) : null}

        <Section id="endpoint-heading" title="Endpoint">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
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
          </dl>
        </Section>

        <Section id="credentials-heading" title="Credentials">
          {credentials ? (
            <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
              <Row label="State">
                <span className="inline-flex flex-wrap items-center gap-2" data-testid="credentials-state">
                  <Badge tone={CREDENTIAL_TONES[credentials.tone]}>{credentials.phrase}</Badge>
                  {credentials.untilUtc ? (
                    <span>
                      <span className="font-medium">{credentials.untilUtc}</span> ({credentials.relative})
                    </span>
                  ) : null}
                </span>
              </Row>
              <Row label="What this means">{credentials.meaning}</Row>
              <Row label="Token subject">
                <span className="break-all font-mono">{credentials.subject ?? "—"}</span>
              </Row>
              <Row label="As sectigo auth --debug">
                <code className="break-words font-mono text-xs">{credentials.debugLine}</code>
              </Row>
            </dl>
          ) : (
            <p className="text-sm text-slate-700">unknown</p>
          )}
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
            <p className="text-sm text-slate-700">unknown — Sectigo did not list the authorities.</p>
          )}
        </Section>
      </div>
    </>
  );
}
