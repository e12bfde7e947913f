"use client";
// Reissue a certificate that came from a CSR: the VASP's new CSR, pasted or chosen as a file,
// goes to the server, which checks it like any upload (exactly one good CSR) and starts a CSR
// batch of one that replaces the certificate; the batch page opens on success.
import Link from "next/link";
import { startTransition, useState, type FormEvent } from "react";
import { Button, buttonClasses } from "@/app/_components/ui/button";
import { TextAreaField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { reissueWithCsrAction } from "@/app/(portal)/batches/actions";
import { isSubmitFailure, SubmitFailure } from "@/app/(portal)/batches/_components/submit-failure";
import { errorsFor, formMessage } from "@/app/(portal)/batches/_lib/form-state";
import { CsrFileInput } from "@/app/(portal)/batches/upload/_components/csr-file-input";

export function ReissueCsrForm({ serial, commonName, profile, maxBytes, maxLabel }: { serial: string; commonName: string; profile: string; maxBytes: number; maxLabel: string }) {
  const [state, dispatch, pending] = useFormAction(reissueWithCsrAction);
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [submittedText, setSubmittedText] = useState<string | null>(null);
  // What the server said is about the text it was sent: editing the text clears it.
  const shown = submittedText === text ? state : null;
  const failure = shown?.ok && isSubmitFailure(shown.data) ? shown.data : null;
  const message = failure ? null : formMessage(shown, ["csrText"]);

  async function chooseFile(file: File) {
    if (file.size > maxBytes) {
      setFileError(`"${file.name}" is larger than ${maxLabel}; a reissue takes one CSR.`);
      return;
    }
    setFileError(null);
    setText(await file.text());
    setFileName(file.name);
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData();
    data.set("serial", serial);
    data.set("csrText", text);
    if (fileName) data.set("fileName", fileName);
    setSubmittedText(text);
    startTransition(() => dispatch(data));
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" aria-label="Reissue from a new CSR">
      <p className="text-sm text-slate-700">
        This certificate was issued from a CSR, so the portal never held its key. Ask the VASP for a new CSR for <span className="break-all font-mono">{commonName}</span>{" "}
        (a new key pair is best) and paste it here. It is sent under {profile}, like the original.
      </p>
      <TextAreaField
        id="csr-text"
        name="csrText"
        label="New CSR (PEM)"
        rows={8}
        spellCheck={false}
        autoComplete="off"
        placeholder={"-----BEGIN CERTIFICATE REQUEST-----\n…\n-----END CERTIFICATE REQUEST-----"}
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint="Exactly one CSR. It is checked like any upload: signature, key strength, and a DNS name for the common name."
        errors={errorsFor(shown, "csrText")}
        className="text-xs"
      />
      <CsrFileInput maxLabel={maxLabel} fileName={fileName} error={fileError} onFile={(f) => void chooseFile(f)} />
      {message ? <Notice tone="error">{message}</Notice> : null}
      {failure && !pending ? <SubmitFailure failure={failure} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || text.trim() === ""}>
          {pending ? "Submitting to Sectigo…" : "Reissue from this CSR"}
        </Button>
        <Link href={`/certificates/${encodeURIComponent(serial)}`} prefetch={false} className={buttonClasses("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
