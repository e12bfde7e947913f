"use client";
// CSR upload in two steps: paste or choose a file and preview (the server parses every CSR
// and verifies its signature), then submit the valid ones or cancel. Editing the text hides
// the preview, so what is submitted is always what was previewed; the server re-parses it
// anyway. The file is read in the browser and checked against the cap before it is sent.
import { startTransition, useMemo, useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { SelectField, TextAreaField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { previewCsrsAction, uploadCsrsAction } from "@/app/(portal)/batches/actions";
import { isSubmitFailure } from "@/app/(portal)/batches/_components/submit-failure";
import { errorsFor, formMessage } from "@/app/(portal)/batches/_lib/form-state";
import { CsrGenerator } from "./csr-generator";
import { CsrFileInput } from "./csr-file-input";
import { CsrUploadPreview } from "./csr-upload-preview";

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
  const previewMessage = previewedText === text ? formMessage(previewState, ["csrText"]) : null;
  const shown = submittedText === previewedText;
  const uploadFailure = shown && uploadState?.ok && isSubmitFailure(uploadState.data) ? uploadState.data : null;
  const uploadMessage = shown && !uploadFailure ? formMessage(uploadState, []) : null;

  function changeText(value: string) {
    setText(value);
    setFileError(null);
  }

  async function chooseFile(file: File) {
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
        <CsrFileInput maxLabel={maxLabel} fileName={fileName} error={fileError} onFile={(file) => void chooseFile(file)} />
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
        <CsrUploadPreview
          items={items}
          message={uploadMessage}
          failure={uploadFailure}
          pending={uploadPending}
          onSubmit={submit}
          onCancel={() => setPreviewedText(null)}
        />
      ) : null}
    </div>
  );
}
