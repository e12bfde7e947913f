// Form fields: a visible label tied to its control, a hint and errors tied by
// aria-describedby, and aria-invalid when the server refused the value.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { focusRing } from "@/app/_components/ui/button";

const controlBase = `rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 aria-invalid:border-red-600 ${focusRing}`;
const control = `block w-full ${controlBase}`;

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
  className?: string;
}

function describedBy(id: string, hint: unknown, errors?: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldFrame({ id, label, hint, errors, children, className = "" }: FieldFrameProps) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
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

/** What every labelled field takes besides its control's own attributes. */
interface FieldProps {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  wrapperClassName?: string;
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">, FieldProps {}

export function TextField({ id, label, hint, errors, wrapperClassName, className = "", ...input }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={wrapperClassName}>
      <input
        id={id}
        className={`${control} ${className}`}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">, FieldProps {
  /** false for prose (a note); the default monospace face suits PEM and lists of names */
  mono?: boolean;
}

/** Multi-line text, by default in a monospace face: what usually goes in is PEM or lists of names. */
export function TextAreaField({ id, label, hint, errors, wrapperClassName, className = "", mono = true, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={wrapperClassName}>
      <textarea
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        className={`${control} ${mono ? "font-mono" : ""} ${className}`}
        {...textarea}
      />
    </FieldFrame>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name">, FieldProps {
  options: readonly { value: string; label: string }[];
}

export function SelectField({ id, label, hint, errors, options, wrapperClassName, className = "", ...select }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} className={wrapperClassName}>
      <Select id={id} options={options} className={className} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...select} />
    </FieldFrame>
  );
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  options: readonly { value: string; label: string }[];
  /** false: as wide as its longest option (inline in a row of controls) */
  fullWidth?: boolean;
}

/** A bare select (give it an aria-label or a label of your own). */
export function Select({ options, fullWidth = true, className = "", ...select }: SelectProps) {
  return (
    <select className={`${fullWidth ? control : `inline-block ${controlBase}`} ${className}`} {...select}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
