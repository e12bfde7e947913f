/** A stored ISO time as staff read it everywhere in the portal: `2026-03-01 09:30 UTC`. */
export function formatTime(iso: string | null | undefined, never = "Never"): string {
  if (!iso) return never;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
