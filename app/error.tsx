"use client";
// The last resort for an error a page did not handle. It shows no error text (it may name
// internals); the reference lets an administrator find the entry in the server log.
import { Button } from "@/app/_components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-start justify-center gap-3 px-4 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="text-sm text-slate-700">
        The page could not be shown. Nothing you submitted was changed. Try again; if it keeps happening, tell an
        administrator{error.digest ? " and quote the reference below" : ""}.
      </p>
      {error.digest ? <p className="font-mono text-xs text-slate-600">Reference: {error.digest}</p> : null}
      <Button onClick={() => reset()}>Try again</Button>
    </main>
  );
}
