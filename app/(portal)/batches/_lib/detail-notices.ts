/**
 * Notices the batch page shows after a redirect to it: the result of a CSR upload
 * (`?submitted=2&skipped=1`) and a failed ZIP download (`?downloadError=CODE`). Only numbers
 * and known codes are read from the URL, and each code maps to a fixed sentence, so a
 * crafted link cannot put words of its own on the page.
 */
import type { SearchParams } from "@/app/_lib/url-filters";

export interface DetailNotices {
  upload: { submitted: number; skipped: number } | null;
  downloadError: string | null;
  /** the code itself, for the page to find the exact sentence (never text from the URL) */
  downloadErrorCode: string | null;
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function count(value: string | string[] | undefined): number | null {
  const text = first(value);
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

export function downloadErrorText(code: string): string {
  if (code === "NOT_DOWNLOADABLE") return "This batch has nothing to download: Sectigo never accepted it, or refused it.";
  if (code === "NOT_FOUND") return "This batch does not exist any more.";
  if (code === "SECTIGO_NOT_FOUND") {
    return "Sectigo no longer keeps this batch's ZIP. The certificates stay listed below; ask Sectigo if you need the file itself.";
  }
  if (code.startsWith("SECTIGO_")) {
    return "Sectigo did not deliver the ZIP. Try again in a moment; the Sectigo connection page shows whether the portal can reach Sectigo.";
  }
  return "The ZIP could not be downloaded, and nothing was handed out. Try again in a moment.";
}

export function parseDetailNotices(params: SearchParams): DetailNotices {
  const submitted = count(params.submitted);
  const skipped = count(params.skipped);
  const code = first(params.downloadError);
  return {
    upload: submitted !== null ? { submitted, skipped: skipped ?? 0 } : null,
    downloadError: /^[A-Z][A-Z0-9_]{0,60}$/.test(code) ? downloadErrorText(code) : null,
    downloadErrorCode: /^[A-Z][A-Z0-9_]{0,60}$/.test(code) ? code : null,
  };
}

/** "2 CSRs were sent to Sectigo; 1 with problems was left out." */
export function uploadSummary(upload: { submitted: number; skipped: number }): string {
  const sent = `${upload.submitted} ${upload.submitted === 1 ? "CSR was" : "CSRs were"} sent to Sectigo`;
  if (upload.skipped === 0) return `${sent}.`;
  return `${sent}; ${upload.skipped} with problems ${upload.skipped === 1 ? "was" : "were"} left out.`;
}
