"use client";
// CSR upload in two steps: paste or choose a file and preview (the server parses every CSR
// and verifies its signature), then submit the valid ones or cancel. Editing the text hides
// the preview, so what is submitted is always what was previewed; the server re-parses it
// anyway. The file is read in the browser and checked against the cap before it is sent.
import { startTransition, useMemo, useState, type ChangeEvent, type FormEvent } from "react";
import { Button, focusRing } from "@/app/_components/ui/button";
import { SelectField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { previewCsrsAction, uploadCsrsAction } from "@/app/(portal)/batches/actions";
import { isSubmitFailure, SubmitFailure } from "@/app/(portal)/batches/_components/submit-failure";
import { TextAreaField } from "@/app/(portal)/batches/_components/text-area-field";
import { errorsFor, formMessage } from "@/app/(portal)/batches/_lib/form-state";
import { CsrGenerator } from "./csr-generator";
import { CsrPreviewTable } from "./csr-preview-table";

export interface CsrUploadProps {
  maxBytes: number;
  /** "1 MiB" */
  maxLabel: string;
  profiles: readonly { value: string; label: string }[];
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

export function CsrUpload({ maxBytes, maxLabel, profiles }: CsrUploadProps) {
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [profileId, setProfileId] = useState(profiles[0]?.value ?? "");
  const [previewedText, setPreviewedText] = useState<string | null>(null);
  const [submittedText, setSubmittedText] = useState<string | null>(null);
  const [previewState, previewDispatch, previewPending] = useFormAction(previewCsrsAction);
  const [uploadState, uploadDispatch, uploadPending] = useFormAction(uploadCsrsAction);

  const bytes = useMemo(() => new TextEncoder().encode(text).length, [text]);
  const tooLarge = bytes > maxBytes;
  const items =
    !previewPending && previewedText === text && previewState?.ok && previewState.data.kind === "preview" ? previewState.data.items : null;
  const validCount = items?.filter((i) => i.ok).length ?? 0;
  const previewMessage = previewedText === text ? formMessage(previewState, ["csrText"]) : null;
  const shown = submittedText === previewedText;
  const uploadFailure = shown && uploadState?.ok && isSubmitFailure(uploadState.data) ? uploadState.data : null;
  const uploadMessage = shown && !uploadFailure ? formMessage(uploadState, []) : null;

  function changeText(value: string) {
    setText(value);
    setFileError(null);
  }

  async function chooseFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > maxBytes) {
      setFileError(`"${file.name}" is ${sizeText(file.size)}; the limit is ${maxLabel}. Split the CSRs into several files.`);
      return;
    }
    changeText(await file.text());
    setFileName(file.name);
  }

  function preview(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData();
    data.set("csrText", text);
    setPreviewedText(text);
    startTransition(() => previewDispatch(data));
  }

  function submit() {
    const data = new FormData();
    data.set("csrText", text);
    data.set("profileId", profileId);
    data.set("fileName", fileName || "pasted-csrs.pem");
    setSubmittedText(text);
    startTransition(() => uploadDispatch(data));
  }

  return (
    <div className="flex flex-col gap-6">
      <CsrGenerator
        onCsr={(pem, name) => {
          changeText(text.trim() === "" ? pem : `${text.trimEnd()}\n${pem}`);
          if (!fileName) setFileName(name);
        }}
      />

      <form onSubmit={preview} aria-label="CSRs to upload" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
        <h2 className="text-lg font-semibold text-slate-900">CSRs to upload</h2>
        <SelectField
          id="profile"
          name="profileId"
          label="Profile"
          options={profiles}
          value={profileId}
          onChange={(e) => setProfileId(e.target.value)}
          hint="The certificate profile Sectigo issues the certificates under."
          errors={errorsFor(uploadState, "profileId")}
          wrapperClassName="sm:max-w-md"
        />
        <TextAreaField
          id="csr-text"
          name="csrText"
          label="PEM CSRs"
          rows={10}
          wrap="off"
          spellCheck={false}
          autoComplete="off"
          placeholder={"-----BEGIN CERTIFICATE REQUEST-----\n…\n-----END CERTIFICATE REQUEST-----"}
          value={text}
          onChange={(e) => changeText(e.target.value)}
          hint={`Paste one or more CSRs, each from -----BEGIN CERTIFICATE REQUEST----- to its END line; up to ${maxLabel} in all. Now: ${sizeText(bytes)}.`}
          errors={tooLarge ? [`The text is ${sizeText(bytes)}; the limit is ${maxLabel}.`] : errorsFor(previewState, "csrText")}
        />
        <div className="flex flex-col gap-1">
          <label htmlFor="csr-file" className="text-sm font-medium text-slate-800">
            Or choose a file
          </label>
          <input
            id="csr-file"
            type="file"
            accept=".csr,.pem,.txt,text/plain"
            onChange={(e) => void chooseFile(e)}
            aria-describedby="csr-file-hint"
            className={`block w-full max-w-md text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50 ${focusRing}`}
          />
          <p id="csr-file-hint" className="text-xs text-slate-600">
            A .csr, .pem or .txt file of PEM CSRs, up to {maxLabel}. Its content replaces the text above.
            {fileName ? ` Batch name: ${fileName}.` : ""}
          </p>
          {fileError ? <p className="text-sm text-red-700">{fileError}</p> : null}
        </div>
        {previewMessage && !previewPending ? <Notice tone="error">{previewMessage}</Notice> : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={previewPending || tooLarge || text.trim() === ""}>
            {previewPending ? "Checking the CSRs…" : "Preview"}
          </Button>
          <span role="status" className="text-sm text-slate-600">
            {previewPending ? "Parsing each CSR and checking its signature." : ""}
          </span>
        </div>
      </form>

      {items ? (
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
          {uploadMessage && !uploadPending ? <Notice tone="error">{uploadMessage}</Notice> : null}
          {uploadFailure && !uploadPending ? <SubmitFailure failure={uploadFailure} /> : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={submit} disabled={validCount === 0 || uploadPending}>
              {uploadPending ? "Sending to Sectigo…" : `Submit all valid CSRs (${validCount})`}
            </Button>
            <Button variant="secondary" onClick={() => setPreviewedText(null)} disabled={uploadPending}>
              Cancel
            </Button>
            <span role="status" className="text-sm text-slate-600">
              {uploadPending ? "Uploading; you will be taken to the batch." : ""}
            </span>
          </div>
        </section>
      ) : null}
    </div>
  );
}
