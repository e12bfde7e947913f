import { Badge } from "@/app/_components/ui/badge";
import { outcomeStyle } from "@/app/(portal)/audit/_lib/format";

/** An audit outcome as a word in its own colour; the title says what it means. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  const style = outcomeStyle(outcome);
  return (
    <Badge tone={style.tone} title={style.description}>
      {style.label}
    </Badge>
  );
}
