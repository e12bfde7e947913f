// The preview of each CSR before anything is sent: what it asks for, whether its signature
// holds, and what Sectigo or a relying party would object to. Every value comes from a file
// someone else wrote, so it is shown as React text only, never as HTML.
import { Badge } from "@/app/_components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import { NAME_WRAP } from "@/app/(portal)/batches/_components/wrap";
import type { CsrPreview } from "@/lib/issuance";

/** "RSA 4096", "EC P-256" (a curve already says its size). */
export function keyText(p: Pick<CsrPreview, "keyAlgorithm" | "keySize">): string {
  if (!p.keyAlgorithm) return "—";
  return p.keySize && !/\bP-\d+$/.test(p.keyAlgorithm) ? `${p.keyAlgorithm} ${p.keySize}` : p.keyAlgorithm;
}

/**
 * The problems to list, each once. lib/pki already words a bad signature among the
 * problems; the separate `error` is shown only when there is nothing else to say.
 */
export function problemsOf(p: Pick<CsrPreview, "problems" | "error">): string[] {
  if (p.problems.length > 0) return [...new Set(p.problems)];
  return p.error ? [p.error.message] : [];
}

export function CsrPreviewTable({ items }: { items: CsrPreview[] }) {
  return (
    <Table caption="CSRs found in the text, in order">
      <THead>
        <Th className="w-10">#</Th>
        <Th>Common name</Th>
        <Th>DNS names (SAN)</Th>
        <Th>Key</Th>
        <Th>Signature</Th>
        <Th>Problems</Th>
        <Th>Will be</Th>
      </THead>
      <TBody>
        {items.map((p) => {
          const problems = problemsOf(p);
          return (
            <Tr key={p.index} testId={`csr-row-${p.index + 1}`}>
              <Td label="#">
                <span className="tabular-nums">{p.index + 1}</span>
              </Td>
              <Td label="Common name" className="min-w-0">
                <span className={NAME_WRAP}>{p.commonName ?? "—"}</span>
              </Td>
              <Td label="DNS names" className="min-w-0">
                {p.dnsNames.length > 0 ? <span className={NAME_WRAP}>{p.dnsNames.join(", ")}</span> : <span className="text-slate-500">none</span>}
              </Td>
              <Td label="Key">
                <span className="whitespace-nowrap">{keyText(p)}</span>
              </Td>
              <Td label="Signature">
                {p.signatureValid ? (
                  <span className="whitespace-nowrap font-medium text-green-800" data-testid="signature">
                    <span aria-hidden="true">✓ </span>valid
                  </span>
                ) : (
                  <span className="whitespace-nowrap font-medium text-red-700" data-testid="signature">
                    <span aria-hidden="true">✗ </span>invalid
                  </span>
                )}
              </Td>
              <Td label="Problems" className="min-w-0">
                {problems.length > 0 ? (
                  <ul className="list-disc space-y-1 pl-4 text-slate-800" data-testid="problems">
                    {problems.map((text) => (
                      <li key={text} className="break-words">
                        {text}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-slate-600">None</span>
                )}
              </Td>
              <Td label="Will be">
                {p.ok ? (
                  <Badge tone="green">Submitted</Badge>
                ) : p.duplicateOf !== undefined ? (
                  <span data-testid="duplicate">
                    <Badge tone="red">Skipped: repeats #{p.duplicateOf + 1}</Badge>
                  </span>
                ) : (
                  <Badge tone="red">Skipped</Badge>
                )}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
