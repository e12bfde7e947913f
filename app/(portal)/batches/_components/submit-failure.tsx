// A create or upload that Sectigo refused, or whose outcome is unknown: the sentence in the
// words of the operation, and the way to the batch row that now holds it (Retry there, or
// settle an unknown outcome there). Shared by the new-certificate and CSR-upload forms.
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";

export interface SubmitFailureData {
  kind: "failed";
  message: string;
  batchId: number;
  outcome: "failed" | "unknown";
}

export function isSubmitFailure(data: unknown): data is SubmitFailureData {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "failed";
}

export function SubmitFailure({ failure }: { failure: SubmitFailureData }) {
  const unknown = failure.outcome === "unknown";
  return (
    <Notice tone={unknown ? "warning" : "error"} title={unknown ? "Sectigo's answer was lost: the outcome is unknown" : "Sectigo did not create the batch"} testId="submit-failure">
      <p className="break-words" data-testid="submit-failure-message">
        {failure.message}
      </p>
      <p className="mt-2">
        <Link href={`/batches/${failure.batchId}`} prefetch={false} className={buttonClasses("secondary", "sm")}>
          {unknown ? `Settle batch ${failure.batchId}` : `Open batch ${failure.batchId} to retry`}
        </Link>
      </p>
    </Notice>
  );
}
