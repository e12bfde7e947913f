// The new certificate's PKCS#12 password, shown once (a batches variant of the shared
// one-time-secret primitive, whose wording is about account passwords that can be reset —
// this one cannot: without it the .p12 in the batch ZIP cannot be opened).
import { CopyButton } from "@/app/_components/ui/copy-button";

export function Pkcs12Password({ commonName, password }: { commonName: string; password: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-semibold">PKCS#12 password for {commonName}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code data-testid="pkcs12-password" className="select-all break-all rounded bg-white px-2 py-1 font-mono text-lg tracking-wider text-slate-900 ring-1 ring-amber-300">
          {password}
        </code>
        <CopyButton text={password} label="Copy password" />
      </div>
      <p className="mt-3 font-semibold">Store it now; it will not be shown again.</p>
      <p className="mt-1">
        It opens the .p12 file (certificate and private key) in the batch ZIP. Hand it to the VASP privately, separately from the ZIP. The portal keeps it
        only encrypted until the certificate is downloaded, then deletes it; nobody can display it again.
      </p>
    </div>
  );
}
