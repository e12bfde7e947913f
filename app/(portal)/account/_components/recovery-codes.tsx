// Recovery codes as they are shown, once: large, monospaced, with one button to copy them all.
import { CopyButton } from "@/app/_components/ui/copy-button";

export function RecoveryCodesShown({ codes }: { codes: readonly string[] }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="recovery-codes">
      <p className="font-semibold">Your recovery codes</p>
      <p className="mt-1">
        Each code signs you in once if you lose your authenticator app or passkeys. Keep them somewhere safe, apart from your devices: they are shown
        only now.
      </p>
      <ul className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-base text-slate-900 sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
      <div className="mt-2">
        <CopyButton text={codes.join("\n")} label="Copy all codes" />
      </div>
    </div>
  );
}
