// The chain the certificate came with, leaf's issuer first.
import type { ChainCertificateDto } from "@/lib/inventory";
import { formatUtcMinute } from "../../_lib/display";
import { Section } from "./section";

export function ChainSection({ chain }: { chain: readonly ChainCertificateDto[] }) {
  if (chain.length === 0) return null;
  return (
    <Section id="chain-heading" title="Chain">
      <ol className="space-y-2 text-sm">
        {chain.map((c, i) => (
          <li key={`${c.serial}-${i}`} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
            <p className="break-words font-medium text-slate-900">{c.subject}</p>
            <p className="break-words text-slate-700">issued by {c.issuer}</p>
            <p className="break-all font-mono text-xs text-slate-600">
              serial {c.serial} · valid until {formatUtcMinute(c.notAfter)}
            </p>
          </li>
        ))}
      </ol>
    </Section>
  );
}
