"use client";
// The end of adding a factor: what was set up, the recovery codes that come with a first
// factor (shown once), and the way on: the portal at enrolment, else "saved" (the page is
// refreshed only then, when the codes may go off the screen).
import Link from "next/link";
import type { ReactNode } from "react";
import { Button, buttonClasses } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { RecoveryCodesShown } from "./recovery-codes";

export function FactorAdded({
  testId,
  children,
  recoveryCodes,
  continueHref,
  continueLabel,
  onSaved,
}: {
  testId: string;
  children: ReactNode;
  recoveryCodes: readonly string[] | null;
  continueHref?: string;
  continueLabel?: string;
  onSaved: () => void;
}) {
  return (
    <div className="space-y-3">
      <Notice tone="success" testId={testId}>
        {children}
      </Notice>
      {recoveryCodes ? <RecoveryCodesShown codes={recoveryCodes} /> : null}
      {continueHref ? (
        <Link href={continueHref} className={buttonClasses("primary", "md")}>
          {continueLabel ?? "Continue"}
        </Link>
      ) : (
        <Button onClick={onSaved}>I have saved my recovery codes</Button>
      )}
    </div>
  );
}
