"use client";
// A confirmation before a consequential change, on the native <dialog> (focus is trapped
// and Escape closes it). The form inside is the change itself: confirming submits it.
import { useId, useRef, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/app/_components/ui/button";
import { SubmitButton } from "@/app/_components/ui/submit-button";

export interface ConfirmDialogProps {
  /** the visible text of the button that opens the dialog */
  triggerLabel: string;
  /** its accessible name when the visible text is ambiguous (e.g. "Disable sam@example.org") */
  triggerAriaLabel?: string;
  triggerVariant?: ButtonVariant;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  action: (formData: FormData) => void;
  /** hidden inputs that say what to change */
  children?: ReactNode;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  return (
    <>
      <Button variant={props.triggerVariant ?? "secondary"} size="sm" aria-label={props.triggerAriaLabel} onClick={() => ref.current?.showModal()}>
        {props.triggerLabel}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={props.action} onSubmit={() => ref.current?.close()} className="flex flex-col gap-4 p-5">
          {props.children}
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {props.title}
          </h2>
          <div id={descriptionId} className="text-sm text-slate-700">
            {props.description}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => ref.current?.close()}>
              Cancel
            </Button>
            <SubmitButton variant={props.confirmVariant ?? "primary"} size="sm">
              {props.confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
