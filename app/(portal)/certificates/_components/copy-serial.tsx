"use client";
// A small copy button for a serial in a table row: its accessible name says which serial,
// since a page holds many of them. Where the clipboard is unavailable (plain HTTP on
// another host), it says to select the text instead.
import { useCopy } from "@/app/_components/ui/copy-button";

export function CopySerial({ serial }: { serial: string }) {
  const [state, copy] = useCopy(serial);
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={`Copy serial ${serial}`}
      title={state === "failed" ? "Copy by hand: select the serial" : "Copy the serial"}
      className="copy-btn"
    >
      {state === "done" ? "Copied" : state === "failed" ? "Select to copy" : "Copy"}
    </button>
  );
}
