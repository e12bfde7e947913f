// The file chooser of the CSR upload: the parent reads the file (after checking its size),
// so this is the control, its hint and its error.
import { focusRing } from "@/app/_components/ui/button";

export function CsrFileInput({ maxLabel, fileName, error, onFile }: { maxLabel: string; fileName: string; error: string | null; onFile: (file: File) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="csr-file" className="text-sm font-medium text-slate-800">
        Or choose a file
      </label>
      <input
        id="csr-file"
        type="file"
        accept=".csr,.pem,.txt,text/plain"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
        }}
        aria-describedby="csr-file-hint"
        className={`block w-full max-w-md text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50 ${focusRing}`}
      />
      <p id="csr-file-hint" className="text-xs text-slate-600">
        A .csr, .pem or .txt file of PEM CSRs, up to {maxLabel}. Its content replaces the text above.
        {fileName ? ` Batch name: ${fileName}.` : ""}
      </p>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
