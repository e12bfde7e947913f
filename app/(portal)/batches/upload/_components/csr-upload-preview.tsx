// The previewed CSRs with what will happen to them, and the buttons to submit the valid ones
// or to go back to the text.
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitFailure, type SubmitFailureData } from "@/app/(portal)/batches/_components/submit-failure";
import type { CsrPreview } from "@/lib/issuance";
import { CsrPreviewTable } from "./csr-preview-table";

interface CsrUploadPreviewProps {
  items: CsrPreview[];
  /** the upload's error sentence, if it failed before Sectigo */
  message: string | null;
  failure: SubmitFailureData | null;
  pending: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}

export function CsrUploadPreview({ items, message, failure, pending, onSubmit, onCancel }: CsrUploadPreviewProps) {
  const validCount = items.filter((i) => i.ok).length;
  return (
    <section aria-labelledby="preview-heading" className="flex flex-col gap-4">
      <h2 id="preview-heading" className="text-lg font-semibold text-slate-900">
        Preview: {items.length} {items.length === 1 ? "CSR" : "CSRs"}, {validCount} valid
      </h2>
      <CsrPreviewTable items={items} />
      {validCount < items.length ? (
        <Notice tone="warning">
          {items.length - validCount} {items.length - validCount === 1 ? "CSR has" : "CSRs have"} problems and will be skipped. Fix and upload{" "}
          {items.length - validCount === 1 ? "it" : "them"} separately, or submit only the valid ones now.
        </Notice>
      ) : null}
      {message && !pending ? <Notice tone="error">{message}</Notice> : null}
      {failure && !pending ? <SubmitFailure failure={failure} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={onSubmit} disabled={validCount === 0 || pending}>
          {pending ? "Sending to Sectigo…" : `Submit all valid CSRs (${validCount})`}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <span role="status" className="text-sm text-slate-600">
          {pending ? "Uploading; you will be taken to the batch." : ""}
        </span>
      </div>
    </section>
  );
}
