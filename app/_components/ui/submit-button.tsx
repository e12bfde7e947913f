"use client";
// A submit button that says the form is being sent and cannot be pressed twice meanwhile.
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "@/app/_components/ui/button";

export interface SubmitButtonProps extends Omit<ButtonProps, "type"> {
  pendingLabel?: string;
}

export function SubmitButton({ children, pendingLabel, disabled, ...props }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} {...props}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
