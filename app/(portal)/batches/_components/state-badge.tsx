// A batch state as a word in its colour; the title gives the sentence that explains it.
import { Badge } from "@/app/_components/ui/badge";
import { stateStyle } from "@/app/(portal)/batches/_lib/batch-view";

export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  const style = stateStyle(state);
  return (
    <span data-testid={testId} data-state={state}>
      <Badge tone={style.tone} title={style.description}>
        {style.label}
      </Badge>
    </span>
  );
}
