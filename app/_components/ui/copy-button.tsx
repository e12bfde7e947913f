"use client";
// Copies a one-time secret to the clipboard and says so. Where the clipboard is not
// available (plain HTTP on another host), the text stays selectable for a manual copy.
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

export type CopyState = "idle" | "done" | "failed";

/** Copies `text` on demand; "failed" where the clipboard is missing or refuses. */
export function useCopy(text: string): [CopyState, () => void] {
  const [state, setState] = useState<CopyState>("idle");
  const copy = () => {
    if (!navigator.clipboard) {
      setState("failed");
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setState("done"),
      () => setState("failed"),
    );
  };
  return [state, copy];
}

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, copy] = useCopy(text);
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {copied === "done" ? "Copied." : copied === "failed" ? "Copy by hand: select the text." : ""}
      </span>
    </span>
  );
}
