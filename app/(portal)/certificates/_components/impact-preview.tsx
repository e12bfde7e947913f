// What a revocation touches, shown before anyone confirms it: common name, serial, expiry,
// batch and profile. Used by both revoke dialogs (client components), so it is plain markup.
import type { RevocationPreviewItem } from "@/lib/revocation/preview";
import { daysUntil, formatDay, relativeDays } from "../_lib/display";

export function expiryText(notAfter: string | null): string {
  const days = daysUntil(notAfter);
  return notAfter ? `${formatDay(notAfter)} (${days === null ? "" : relativeDays(days)})` : "unknown";
}

export function profileText(item: Pick<RevocationPreviewItem, "profileId" | "profileName">): string {
  if (item.profileName && item.profileId !== null) return `${item.profileName} (${item.profileId})`;
  return item.profileName ?? (item.profileId !== null ? `profile ${item.profileId}` : "unknown");
}

export function ImpactPreview({ item }: { item: RevocationPreviewItem }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200 sm:grid-cols-[7rem_1fr]" data-testid="revoke-preview">
      <dt className="font-medium text-slate-600">Common name</dt>
      <dd className="break-all text-slate-900">{item.commonName}</dd>
      <dt className="font-medium text-slate-600">Serial</dt>
      <dd className="break-all font-mono text-xs text-slate-900">{item.serial}</dd>
      <dt className="font-medium text-slate-600">Expires</dt>
      <dd className="text-slate-900">{expiryText(item.notAfter)}</dd>
      <dt className="font-medium text-slate-600">Batch</dt>
      <dd className="text-slate-900">{item.batchId !== null ? `Batch ${item.batchId}` : "not issued through the portal"}</dd>
      <dt className="font-medium text-slate-600">Profile</dt>
      <dd className="text-slate-900">{profileText(item)}</dd>
    </dl>
  );
}
