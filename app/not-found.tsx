import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-start justify-center gap-3 px-4 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="text-sm text-slate-700">
        There is nothing at this address. Some sections of the portal are still being built; the links in the menu show
        what you can use today.
      </p>
      <Link href="/" prefetch={false} className={buttonClasses("secondary", "sm")}>
        Go to the dashboard
      </Link>
    </main>
  );
}
