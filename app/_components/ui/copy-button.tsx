"use client";
// Copies a one-time secret to the clipboard and says so. Where the clipboard is not
// available (plain HTTP on another host), the text stays selectable for a manual copy.
import { useState } from "react";
import { Button } from "@/app/_components/ui/button";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          if (!navigator.clipboard) {
            setCopied("failed");
            return;
          }
          navigator.clipboard.writeText(text).then(
            () => setCopied("done"),
            () => setCopied("failed"),
          );
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {copied === "done" ? "Copied." : copied === "failed" ? "Copy by hand: select the text." : ""}
      </span>
    </span>
  );
}
