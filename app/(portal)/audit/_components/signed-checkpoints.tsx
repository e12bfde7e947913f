// "Signed checkpoints": the latest checkpoints the portal signed (docs/security.md S21), each
// downloadable as JSON to keep outside the portal, and the public key that checks them and the
// signed exports, with its fingerprint to compare over another channel. A Server Component:
// nothing here is interactive.
import Link from "next/link";
import { buttonClasses, focusRing } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import type { AuditCheckpointRow } from "@/lib/audit/checkpoints";
import type { AuditPublicKey } from "@/lib/audit/signing-key";
import { formatUtc } from "@/app/(portal)/audit/_lib/format";

export function SignedCheckpoints({ checkpoints, publicKey }: { checkpoints: readonly AuditCheckpointRow[]; publicKey: AuditPublicKey }) {
  return (
    <section aria-labelledby="checkpoints-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div>
        <h2 id="checkpoints-heading" className="text-base font-semibold text-slate-900">
          Signed checkpoints
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          The chain&apos;s head, signed with the portal&apos;s Ed25519 audit key every hour and at every export. Keep a
          downloaded checkpoint outside the portal: <code className="font-mono text-xs">npm run audit:verify -- --checkpoint FILE</code>{" "}
          then proves the log still extends it, even if someone rewrote the database file.
        </p>
      </div>
      {checkpoints.length > 0 ? (
        <Table caption="Recent signed checkpoints, newest first">
          <THead>
            <Th>Checkpoint</Th>
            <Th>Head entry</Th>
            <Th>Signed at (UTC)</Th>
            <Th>Head hash</Th>
            <Th>Download</Th>
          </THead>
          <TBody>
            {checkpoints.map((c) => (
              <Tr key={c.id} testId="checkpoint-row">
                <Td label="Checkpoint">#{c.id}</Td>
                <Td label="Head entry">
                  <Link href={`/audit/${c.seq}`} prefetch={false} className={`rounded font-mono text-blue-800 underline underline-offset-2 ${focusRing}`}>
                    #{c.seq}
                  </Link>
                </Td>
                <Td label="Signed at" className="whitespace-nowrap tabular-nums">
                  {formatUtc(c.at)}
                </Td>
                <Td label="Head hash" className="font-mono text-xs">
                  <span title={c.headHash}>{c.headHash.slice(0, 16)}…</span>
                </Td>
                <Td label="Download">
                  <a
                    href={`/api/audit/checkpoints/${c.id}`}
                    download
                    aria-label={`Download checkpoint ${c.id} (entry ${c.seq}) as JSON`}
                    className={`rounded text-blue-800 underline underline-offset-2 ${focusRing}`}
                  >
                    JSON
                  </a>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      ) : (
        <Notice tone="info">No checkpoint yet: the first is signed within the hour, or at the next export.</Notice>
      )}
      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-900">Public key</h3>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">Key id</dt>
          <dd className="font-mono text-xs" data-testid="audit-key-id">
            {publicKey.keyId}
          </dd>
          <dt className="font-medium">SHA-256 fingerprint</dt>
          <dd className="break-all font-mono text-xs" data-testid="audit-key-fingerprint">
            {publicKey.fingerprint}
          </dd>
        </dl>
        <pre className="whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800" data-testid="audit-public-key">
          {publicKey.pem}
        </pre>
        <a href="/api/audit/public-key" download className={buttonClasses("secondary", "sm")}>
          Download public key (PEM)
        </a>
      </div>
    </section>
  );
}
