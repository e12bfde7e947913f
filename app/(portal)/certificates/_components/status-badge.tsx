import { badgeClass } from "@/app/_components/ui/badge";
import { statusStyle } from "../_lib/display";

/** valid / expiring soon / expired / revoked, as words in a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  const style = statusStyle(status);
  return (
    <span data-testid="status-badge" data-status={status} title={style.description} className={badgeClass(style.tone)}>
      {style.label}
    </span>
  );
}
