"use client";
// What a revoke dialog adds under the four-eyes policy (docs/security.md S20): a note for the
// approver when the revocation becomes a request, or a warning when key compromise goes at
// once as an emergency. The server applies the policy again; this only explains it.
import type { ChangeEvent } from "react";
import { TextField } from "@/app/_components/ui/field";
import { Notice } from "@/app/_components/ui/notice";

/** What the four-eyes policy asks of this kind of revocation (single or bulk). */
export interface RevokePolicy {
  /** a second person must approve */
  request: boolean;
  /** key compromise may go at once */
  emergencyKeyCompromise: boolean;
}

/** Whether a revocation with this reason becomes a request. */
export function asksSecondPerson(policy: RevokePolicy, reason: string): boolean {
  return policy.request && !(reason === "1" && policy.emergencyKeyCompromise);
}

export function FourEyesFields({
  id,
  policy,
  reason,
  subject,
  value,
  onChange,
  errors,
}: {
  id: string;
  policy: RevokePolicy;
  reason: string;
  /** "it" or "these", in the hint */
  subject: string;
  value?: string;
  onChange?: (value: string) => void;
  errors?: string[];
}) {
  if (!policy.request) return null;
  if (!asksSecondPerson(policy, reason)) {
    return (
      <Notice tone="warning" title="Emergency: revoked at once">
        Key compromise is revoked without waiting; the revocation stays flagged until a second person acknowledges it on the Approvals page.
      </Notice>
    );
  }
  return (
    <TextField
      id={id}
      name="comment"
      label="Note for the approver (optional)"
      hint={`Why ${subject} must be revoked: the second person reads this before approving.`}
      maxLength={500}
      errors={errors}
      {...(onChange ? { value: value ?? "", onChange: (e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value) } : {})}
    />
  );
}
