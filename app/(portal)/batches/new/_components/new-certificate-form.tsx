"use client";
// Issue one certificate: authority, common name, extra DNS names, the subject fields the
// authority's profile requires, an optional batch name. On success the form is replaced by
// the result with the PKCS#12 password, shown once; "Issue another" remounts the form, so
// the password leaves the page's state (it is never in a field, the URL or the form data).
import Link from "next/link";
import { startTransition, useEffect, useRef, useState, type FormEvent } from "react";
import { buttonClasses, Button } from "@/app/_components/ui/button";
import { TextAreaField, TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { useFormAction } from "@/app/_components/use-form-action";
import { createSingleCertificateAction } from "@/app/(portal)/batches/actions";
import { isSubmitFailure, SubmitFailure } from "@/app/(portal)/batches/_components/submit-failure";
import { errorsFor, formMessage } from "@/app/(portal)/batches/_lib/form-state";
import { defaultAuthorityId, SUBJECT_FIELD_NAMES, type AuthorityOption, type SubjectFieldName } from "@/app/(portal)/batches/new/_lib/authority-options";
import { AuthoritySelect } from "./authority-select";
import { Pkcs12Password } from "./pkcs12-password";

export type NewCertificateValues = Record<"authorityId" | "commonName" | "dnsNames" | "batchName" | SubjectFieldName, string>;

const FIELDS_SHOWN = ["authorityId", "commonName", "dnsNames", "batchName", ...SUBJECT_FIELD_NAMES];

interface Created {
  batch: { id: number; sectigoBatchId: number | null; batchName: string; commonName: string | null };
  pkcs12Password: string;
}

/** A reissue: the certificate the new one replaces, and the form's starting values taken from it. */
export interface ReissueOf {
  serial: string;
  initial: Partial<NewCertificateValues>;
}

export function NewCertificate({ authorities, reissue }: { authorities: AuthorityOption[]; reissue?: ReissueOf }) {
  // Bumping the key unmounts the form and its action state: the password is gone with it.
  const [round, setRound] = useState(0);
  return <NewCertificateForm key={round} authorities={authorities} reissue={reissue} onAnother={() => setRound((r) => r + 1)} />;
}

function NewCertificateForm({ authorities, reissue, onAnother }: { authorities: AuthorityOption[]; reissue?: ReissueOf; onAnother: () => void }) {
  const [state, formAction, pending] = useFormAction(createSingleCertificateAction);
  const [values, setValues] = useState<NewCertificateValues>(() => ({
    authorityId: String(defaultAuthorityId(authorities) ?? ""),
    commonName: "",
    dnsNames: "",
    batchName: "",
    organizationName: "",
    localityName: "",
    stateOrProvinceName: "",
    countryName: "",
    ...reissue?.initial,
  }));
  const set = (field: keyof NewCertificateValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  const created = state?.ok && state.data.kind === "created" ? state.data : null;
  if (created) return <CreatedPanel created={created} onAnother={reissue ? undefined : onAnother} />;

  const selected = authorities.find((a) => String(a.authorityId) === values.authorityId);
  const usable = authorities.some((a) => a.disabledReason === null);
  const failure = state?.ok && isSubmitFailure(state.data) ? state.data : null;
  const message = failure ? null : formMessage(state, FIELDS_SHOWN);
  const cn = values.commonName.trim();
  // Dispatched by hand rather than through `action=`: React resets a form after an action,
  // and a controlled <select> would then show another authority than the one in state.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => formAction(data));
  };

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6" aria-label={reissue ? "Reissue certificate" : "New certificate"}>
      {reissue ? <input type="hidden" name="reissueOf" value={reissue.serial} /> : null}
      {!usable ? (
        <Notice tone="warning" title="No authority can issue right now">
          Each authority below says why. Ask Sectigo to add balance, or enable an authority, then reload this page.
        </Notice>
      ) : null}
      <AuthoritySelect options={authorities} value={values.authorityId} onChange={(v) => setValues((prev) => ({ ...prev, authorityId: v }))} errors={errorsFor(state, "authorityId")} />

      <TextField
        id="common-name"
        name="commonName"
        label="Common name"
        required
        autoComplete="off"
        spellCheck={false}
        inputMode="url"
        placeholder="trisa.example.com"
        pattern={selected?.commonNamePattern}
        title="A DNS host name such as trisa.example.com"
        value={values.commonName}
        onChange={set("commonName")}
        hint="The VASP's TRISA endpoint host, such as trisa.example.com. It is also the first DNS name of the certificate."
        errors={errorsFor(state, "commonName")}
      />

      <TextAreaField
        id="dns-names"
        name="dnsNames"
        label="Extra DNS names (optional)"
        rows={3}
        spellCheck={false}
        autoComplete="off"
        placeholder={"api.example.com\nother.example.com"}
        value={values.dnsNames}
        onChange={set("dnsNames")}
        hint="One host name per line. The common name is always included; no need to repeat it."
        errors={errorsFor(state, "dnsNames")}
      />

      {selected && selected.subjectFields.length > 0 ? (
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2">
          <legend className="px-1 text-sm font-semibold text-slate-900">Subject, required by this profile</legend>
          {selected.subjectFields.map((f) => (
            <TextField
              key={f.name}
              id={`subject-${f.name}`}
              name={f.name}
              label={f.label}
              required
              autoComplete="off"
              placeholder={f.placeholder ?? undefined}
              pattern={f.pattern}
              title={f.message}
              value={values[f.name]}
              onChange={set(f.name)}
              hint={f.message}
              errors={errorsFor(state, f.name)}
            />
          ))}
        </fieldset>
      ) : selected ? (
        <p className="text-sm text-slate-600">This profile takes no subject fields: Sectigo fills in the organization.</p>
      ) : null}

      <TextField
        id="batch-name"
        name="batchName"
        label="Batch name (optional)"
        autoComplete="off"
        maxLength={128}
        placeholder={`new certs for ${cn || "<common name>"}`}
        value={values.batchName}
        onChange={set("batchName")}
        hint="How the batch is listed. Left empty, the name shown in grey is used."
        errors={errorsFor(state, "batchName")}
      />

      {message ? <Notice tone="error">{message}</Notice> : null}
      {failure && !pending ? <SubmitFailure failure={failure} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || !usable || !selected}>
          {pending ? "Submitting to Sectigo…" : reissue ? "Reissue certificate" : "Issue certificate"}
        </Button>
        <Link href={reissue ? `/certificates/${encodeURIComponent(reissue.serial)}` : "/batches"} prefetch={false} className={buttonClasses("secondary")}>
          Cancel
        </Link>
        <span role="status" className="text-sm text-slate-600">
          {pending ? "Sending the request to Sectigo; this takes a few seconds." : ""}
        </span>
      </div>
    </form>
  );
}

/** `onAnother` unset: no "Issue another" (a reissue is one certificate for one old one). */
function CreatedPanel({ created, onAnother }: { created: Created; onAnother?: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Screen-reader and keyboard users land on the result, not on a vanished button.
  useEffect(() => heading.current?.focus(), []);
  const { batch } = created;
  return (
    <section aria-labelledby="created-heading" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="created-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
        Certificate requested
      </h2>
      <Notice tone="success">
        Batch “{batch.batchName}” was sent to Sectigo{batch.sectigoBatchId !== null ? ` as batch ${batch.sectigoBatchId}` : ""}. It is processed in the
        background; the batch page shows its progress and, when done, the certificate.
      </Notice>
      <Pkcs12Password commonName={batch.commonName ?? batch.batchName} password={created.pkcs12Password} />
      <div className="flex flex-wrap gap-2">
        <Link href={`/batches/${batch.id}`} prefetch={false} className={buttonClasses("primary")}>
          Open the batch
        </Link>
        {onAnother ? (
          <Button variant="secondary" onClick={onAnother}>
            Issue another certificate
          </Button>
        ) : null}
      </div>
    </section>
  );
}
