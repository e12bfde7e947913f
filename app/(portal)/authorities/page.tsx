// Authorities & profiles (admin, operator, support: authorities.read): the authorities of
// the Sectigo account with their available balances, each profile's detail and required
// parameters, the licences, and the organization record — read live from Sectigo. A part
// Sectigo does not give is shown as missing with a notice; the page itself always renders.
// The permission is checked here on every request.
import type { Metadata } from "next";
import { Badge } from "@/app/_components/ui/badge";
import { WarningList } from "@/app/_components/ui/notice";
import { PageHeader } from "@/app/_components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { requirePermission } from "@/lib/auth/session";
import { sectigoConnection } from "@/lib/connection";
import { loadAuthoritiesView } from "./_lib/authorities-view";
import { ProfileCard } from "./_components/profile-card";
import { Row, Section } from "./_components/section";

export const metadata: Metadata = { title: "Authorities & profiles" };
export const dynamic = "force-dynamic";

function count(n: number): string {
  return n.toLocaleString("en");
}

export default async function AuthoritiesPage() {
  await requirePermission("authorities.read", "/authorities");
  const view = await loadAuthoritiesView(sectigoConnection);
  return (
    <>
      <PageHeader
        title="Authorities & profiles"
        description="What the Sectigo account may issue: each authority draws on a balance and issues under one profile; a profile says which parameters a request must carry."
        actions={view.mode === "simulator" ? <Badge tone="amber">Embedded simulator</Badge> : view.mode === "live" ? <Badge tone="blue">Live Sectigo</Badge> : null}
      />
      <div className="space-y-4">
        <WarningList title="Sectigo did not answer everything" items={view.problems} testId="authorities-problem" />

        <Section id="authorities-heading" title="Authorities and balances" description="The available balance is how many more certificates the authority may issue.">
          {view.authorities ? (
            view.authorities.length > 0 ? (
              <Table caption="Authorities with their profiles and available balances">
                <THead>
                  <Th>Authority</Th>
                  <Th>Profile</Th>
                  <Th>Network</Th>
                  <Th>Enabled</Th>
                  <Th className="text-right">Available balance</Th>
                </THead>
                <TBody>
                  {view.authorities.map((a) => (
                    <Tr key={a.authorityId} testId="authority-row">
                      <Td label="Authority" className="font-mono">
                        #{a.authorityId}
                      </Td>
                      <Td label="Profile">
                        {a.profileName} <span className="text-xs text-slate-500">(profile {a.profileId})</span>
                      </Td>
                      <Td label="Network">{a.network ?? "—"}</Td>
                      <Td label="Enabled">{a.enabled ? "yes" : "no"}</Td>
                      <Td label="Balance" className="tabular-nums sm:text-right">
                        {a.balance === null ? (
                          <span title="Sectigo did not answer for this authority's balance">unknown</span>
                        ) : a.balance === 0 ? (
                          <Badge tone="red">0 — cannot issue</Badge>
                        ) : (
                          count(a.balance)
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
            <p className="text-sm text-slate-700">Unknown — Sectigo did not list the authorities.</p>
          )}
        </Section>

        <Section id="profiles-heading" title="Profiles" description="Each profile fixes the certificate's form; a request must carry every required parameter and match its pattern.">
          {view.profiles ? (
            <div className="grid grid-cols-1 gap-4">
              {view.profiles.map((p) => (
                <ProfileCard key={p.profileId} profile={p} />
              ))}
            </div>
          ) : (
            <p className="text-sm text-slate-700">Unknown — Sectigo did not list the profiles.</p>
          )}
        </Section>

        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <Section id="licences-heading" title="Licences">
            {view.licenses ? (
              <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]" data-testid="licences">
                <Row label="Ordered">{count(view.licenses.ordered)}</Row>
                <Row label="Issued">{count(view.licenses.issued)}</Row>
                <Row label="Remaining">{count(Math.max(0, view.licenses.ordered - view.licenses.issued))}</Row>
              </dl>
            ) : (
              <p className="text-sm text-slate-700">Unknown — Sectigo did not give the licence counts.</p>
            )}
          </Section>
          <Section id="organization-heading" title="Organization">
            {view.organization ? (
              <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]" data-testid="organization">
                <Row label="Name">{view.organization.name}</Row>
                <Row label="Id">{view.organization.id}</Row>
                <Row label="Status">{view.organization.status || "—"}</Row>
                <Row label="Address">{view.organization.address || "—"}</Row>
                <Row label="Primary contact">
                  {[view.organization.contactName, view.organization.contactEmail, view.organization.contactPhone].filter(Boolean).join(" · ") || "—"}
                </Row>
                <Row label="Ecosystem">{view.organization.ecosystemId}</Row>
                {view.organization.parameters.map(([k, v]) => (
                  <Row key={k} label={k}>
                    {v}
                  </Row>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-slate-700">Unknown — Sectigo did not give the organization record.</p>
            )}
          </Section>
        </div>
      </div>
    </>
  );
}
