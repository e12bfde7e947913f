// A multi-line field in the look of app/_components/ui/field.tsx (which has no textarea):
// a visible label, a hint and errors tied by aria-describedby, aria-invalid on refusal.
import type { ReactNode, TextareaHTMLAttributes } from "react";
import { focusRing } from "@/app/_components/ui/button";

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  wrapperClassName?: string;
}

export function TextAreaField({ id, label, hint, errors, wrapperClassName = "", className = "", ...textarea }: TextAreaFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`flex flex-col gap-1 ${wrapperClassName}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm placeholder:text-slate-400 aria-invalid:border-red-600 ${focusRing} ${className}`}
        {...textarea}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
