// The bulk revoke's impact preview: each selected certificate with its expiry, batch and
// profile, and the serials the inventory does not hold.
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { expiryText, profileText } from "./impact-preview";

export function BulkPreviewTable({ items, unknown }: { items: RevocationPreviewItem[]; unknown: string[] }) {
  return (
    <div className="max-h-64 overflow-auto rounded-md ring-1 ring-slate-200" tabIndex={0} role="region" aria-label="Certificates that will be revoked">
      <table className="w-full text-left text-xs" data-testid="bulk-preview">
        <caption className="sr-only">Certificates that will be revoked</caption>
        <thead className="sticky top-0 bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">Common name and serial</th>
            <th scope="col" className="px-2 py-1 font-medium">Expires</th>
            <th scope="col" className="px-2 py-1 font-medium">Batch, profile</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {items.map((i) => (
            <tr key={i.serial}>
              <td className="px-2 py-1 align-top">
                <span className="block break-all font-medium text-slate-900">{i.commonName}</span>
                <span className="block break-all font-mono text-slate-600">{i.serial}</span>
                {i.alreadyRevoked ? <span className="block text-slate-700">already revoked: it will be refused</span> : null}
                {i.expired && !i.alreadyRevoked ? <span className="block text-amber-800">expired: revoking is allowed</span> : null}
              </td>
              <td className="px-2 py-1 align-top text-slate-800">{expiryText(i.notAfter)}</td>
              <td className="px-2 py-1 align-top text-slate-800">
                {i.batchId !== null ? `Batch ${i.batchId}` : "no batch"}, {profileText(i)}
              </td>
            </tr>
          ))}
          {unknown.map((s) => (
            <tr key={s}>
              <td colSpan={3} className="px-2 py-1 text-red-800">
                <span className="break-all font-mono">{s}</span>: not in the inventory; it will be reported as unknown.
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
