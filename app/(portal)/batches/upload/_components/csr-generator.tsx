"use client";
// The in-browser CSR generator: WebCrypto makes the key pair here, @peculiar/x509 the CSR
// (both loaded only when used). The CSR goes into the upload text; the private key is
// offered as a file download from a Blob URL and is never sent anywhere — it is not in any
// form field, state that reaches the server, or log.
import { useEffect, useId, useState, type FormEvent } from "react";
import { buttonClasses, Button } from "@/app/_components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";
import { checkRecipe, HASH_OPTIONS, KEY_TYPE_OPTIONS, splitNames, type CsrHash, type CsrKeyType, type CsrRecipe, type RecipeErrors } from "@/app/(portal)/batches/upload/_lib/csr-recipe";

type Fields = Record<"commonName" | "dnsNames" | "organization" | "locality" | "state" | "country", string>;

interface GeneratedKey {
  url: string;
  fileName: string;
  commonName: string;
}

const err = (errors: RecipeErrors, field: keyof RecipeErrors) => (errors[field] ? [errors[field]] : undefined);

export function CsrGenerator({ onCsr }: { onCsr: (pem: string, suggestedFileName: string) => void }) {
  const id = useId();
  const [fields, setFields] = useState<Fields>({ commonName: "", dnsNames: "", organization: "", locality: "", state: "", country: "" });
  const [keyType, setKeyType] = useState<CsrKeyType>("rsa-4096");
  const [hash, setHash] = useState<CsrHash>("SHA-384");
  const [errors, setErrors] = useState<RecipeErrors>({});
  const [status, setStatus] = useState<"idle" | "working" | "failed">("idle");
  const [generated, setGenerated] = useState<GeneratedKey | null>(null);
  const set = (field: keyof Fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [field]: e.target.value }));

  // The Blob holding the key is released when a new one replaces it or the page is left.
  useEffect(() => () => {
    if (generated) URL.revokeObjectURL(generated.url);
  }, [generated]);

  async function generate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const recipe: CsrRecipe = {
      commonName: fields.commonName.trim(),
      dnsNames: splitNames(fields.dnsNames),
      organization: fields.organization.trim(),
      locality: fields.locality.trim(),
      state: fields.state.trim(),
      country: fields.country.trim(),
      keyType,
      hash,
    };
    const problems = checkRecipe(recipe);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setStatus("working");
    try {
      const { generateCsr } = await import("@/app/(portal)/batches/upload/_lib/generate-csr");
      const { csrPem, privateKeyPem } = await generateCsr(recipe);
      const url = URL.createObjectURL(new Blob([privateKeyPem], { type: "application/x-pem-file" }));
      setGenerated({ url, fileName: `${recipe.commonName}.key.pem`, commonName: recipe.commonName });
      onCsr(csrPem, `${recipe.commonName}.csr`);
      setStatus("idle");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <details className="group rounded-lg border border-slate-200 bg-white shadow-sm">
      <summary className="cursor-pointer list-none rounded-lg px-4 py-3 font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 sm:px-6">
        <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">
          ▸
        </span>
        No CSR yet? Generate a key and CSR in this browser
      </summary>
      <div className="flex flex-col gap-4 border-t border-slate-200 p-4 sm:p-6">
        <Notice tone="warning" title="The private key never leaves this browser">
          The key pair is made on this computer; the portal never receives the private key. Download it as soon as it is made and keep it safe: it
          cannot be recovered, and whoever holds it can act as the VASP. The CSR (public) is added to the upload text below.
        </Notice>
        <form onSubmit={(e) => void generate(e)} aria-label="Generate a CSR" className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">Only the common name is required. Organization, locality, state and country left empty are left out of the CSR.</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              id={`${id}-cn`}
              name="commonName"
              label="Common name"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="trisa.example.com"
              value={fields.commonName}
              onChange={set("commonName")}
              hint="The endpoint's host name; also the first DNS name."
              errors={err(errors, "commonName")}
            />
            <TextAreaField
              id={`${id}-dns`}
              name="dnsNames"
              label="Extra DNS names (optional)"
              rows={2}
              spellCheck={false}
              value={fields.dnsNames}
              onChange={set("dnsNames")}
              hint="One host name per line."
              errors={err(errors, "dnsNames")}
            />
            <TextField id={`${id}-o`} name="organization" label="Organization (O)" autoComplete="off" placeholder="Example VASP, Inc." value={fields.organization} onChange={set("organization")} errors={err(errors, "organization")} />
            <TextField id={`${id}-l`} name="locality" label="Locality (L)" autoComplete="off" placeholder="Menlo Park" value={fields.locality} onChange={set("locality")} errors={err(errors, "locality")} />
            <TextField id={`${id}-st`} name="state" label="State or province (ST)" autoComplete="off" placeholder="California" value={fields.state} onChange={set("state")} errors={err(errors, "state")} />
            <TextField
              id={`${id}-c`}
              name="country"
              label="Country (C)"
              autoComplete="off"
              placeholder="US"
              maxLength={2}
              pattern="[A-Z]{2}"
              title="Two capital letters, such as US"
              value={fields.country}
              onChange={set("country")}
              hint="Two capital letters, such as US."
              errors={err(errors, "country")}
            />
            <SelectField
              id={`${id}-key`}
              name="keyType"
              label="Key"
              options={KEY_TYPE_OPTIONS}
              value={keyType}
              onChange={(e) => setKeyType(e.target.value as CsrKeyType)}
              hint="RSA 4096 takes a few seconds to make."
            />
            <SelectField id={`${id}-hash`} name="hash" label="Signature hash" options={HASH_OPTIONS} value={hash} onChange={(e) => setHash(e.target.value as CsrHash)} />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={status === "working"}>
              {status === "working" ? "Generating…" : "Generate key and CSR"}
            </Button>
            <span role="status" className="text-sm text-slate-600">
              {status === "working" ? `Making the ${keyType === "rsa-4096" ? "RSA 4096" : "ECDSA P-256"} key pair in this browser…` : ""}
            </span>
          </div>
        </form>
        {status === "failed" ? (
          <Notice tone="error">This browser could not make the key pair or the CSR. Try ECDSA P-256, or another up-to-date browser.</Notice>
        ) : null}
        {generated ? (
          <div className="flex flex-col gap-2 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-950" data-testid="generated-key">
            <p>
              Key and CSR for <span className="font-medium">{generated.commonName}</span> are ready. The CSR was added to the upload text.
            </p>
            <div>
              <a href={generated.url} download={generated.fileName} className={buttonClasses("primary", "sm")}>
                Download private key ({generated.fileName})
              </a>
            </div>
          </div>
        ) : null}
      </div>
    </details>
  );
}
