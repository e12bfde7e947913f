import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";

/**
 * What a missing page says, wherever it is missing: inside the portal (its layout already holds
 * the page's one <main>) and outside it (app/not-found.tsx gives it a <main> of its own).
 */
export function NotFoundContent() {
  return (
    <div className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-start justify-center gap-3 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="text-sm text-slate-700">
        There is nothing at this address. The link may be old or mistyped, or the certificate, batch or audit entry it
        names is not in the portal: search the certificates by serial or name (and ask Sectigo from there), or go back to
        the dashboard.
      </p>
      <div className="flex flex-wrap gap-2">
        <Link href="/certificates" prefetch={false} className={buttonClasses("secondary", "sm")}>
          Search the certificates
        </Link>
        <Link href="/" prefetch={false} className={buttonClasses("secondary", "sm")}>
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
