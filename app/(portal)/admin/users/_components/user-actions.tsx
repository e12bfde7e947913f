"use client";
// The changes an admin can make to one account. Each button's accessible name includes the
// e-mail, so a screen-reader user knows whose account a "Disable" acts on.
import { changeRoleAction, resetFactorsAction, resetPasswordAction, setDisabledAction } from "@/app/(portal)/admin/users/actions";
import { ROLE_OPTIONS } from "@/app/(portal)/admin/users/_components/role-options";
import { useFormAction } from "@/app/_components/use-form-action";
import { Select } from "@/app/_components/ui/field";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Notice } from "@/app/_components/ui/notice";
import { OneTimeSecret } from "@/app/_components/ui/one-time-secret";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { ROLE_LABELS } from "@/lib/auth/rbac";
import type { StaffMember } from "@/lib/auth/staff";

export function UserActions({ member, isSelf }: { member: StaffMember; isSelf: boolean }) {
  const [roleState, roleAction] = useFormAction(changeRoleAction);
  const [statusState, statusAction] = useFormAction(setDisabledAction);
  const [resetState, resetAction] = useFormAction(resetPasswordAction);
  const [factorsState, factorsAction] = useFormAction(resetFactorsAction);
  const who = member.email;

  return (
    <div className="flex w-full flex-col gap-2">
      <form action={roleAction} className="flex flex-wrap items-center gap-2">
        <input type="hidden" name="userId" value={member.id} />
        <Select
          key={member.role}
          name="role"
          aria-label={`Role of ${who}`}
          options={ROLE_OPTIONS}
          defaultValue={member.role}
          fullWidth={false}
        />
        <SubmitButton variant="secondary" size="sm" aria-label={`Change role of ${who}`} pendingLabel="Saving…">
          Change role
        </SubmitButton>
      </form>
      <div className="flex flex-wrap gap-2">
        {member.disabled ? (
          <ConfirmDialog
            triggerLabel="Enable"
            triggerAriaLabel={`Enable ${who}`}
            title={`Enable ${who}?`}
            description="They can sign in again with their current password."
            confirmLabel="Enable account"
            action={statusAction}
          >
            <input type="hidden" name="userId" value={member.id} />
            <input type="hidden" name="disabled" value="false" />
          </ConfirmDialog>
        ) : isSelf ? null : (
          <ConfirmDialog
            triggerLabel="Disable"
            triggerAriaLabel={`Disable ${who}`}
            triggerVariant="secondary"
            title={`Disable ${who}?`}
            description="They are signed out at once and cannot sign in until an administrator enables the account again. Nothing else about the account changes."
            confirmLabel="Disable account"
            confirmVariant="danger"
            action={statusAction}
          >
            <input type="hidden" name="userId" value={member.id} />
            <input type="hidden" name="disabled" value="true" />
          </ConfirmDialog>
        )}
        <ConfirmDialog
          triggerLabel="Reset password"
          triggerAriaLabel={`Reset password of ${who}`}
          title={`Reset the password of ${who}?`}
          description={
            isSelf
              ? "A new password is generated and shown once. Your other sessions end; this one stays open."
              : "A new password is generated and shown once. Their current password stops working and their open sessions end at once."
          }
          confirmLabel="Reset password"
          confirmVariant="danger"
          action={resetAction}
        >
          <input type="hidden" name="userId" value={member.id} />
        </ConfirmDialog>
        {isSelf ? null : (
          <ConfirmDialog
            triggerLabel="Reset second factors"
            triggerAriaLabel={`Reset second factors of ${who}`}
            title={`Reset the second factors of ${who}?`}
            description="Their authenticator app, passkeys and recovery codes stop working, and their open sessions end at once. Their password stays; if their role must have a factor, they set up a new one at their next sign-in. Do this only once you are sure who is asking."
            confirmLabel="Reset second factors"
            confirmVariant="danger"
            action={factorsAction}
          >
            <input type="hidden" name="userId" value={member.id} />
          </ConfirmDialog>
        )}
      </div>
      {roleState ? (
        roleState.ok ? (
          <Notice tone="success">
            {isSelf ? "Your role is now " : `${who} is now `}
            {ROLE_LABELS[roleState.data.role]}
            {isSelf ? "." : "; their open sessions were ended."}
          </Notice>
        ) : (
          <Notice tone="error">{roleState.message}</Notice>
        )
      ) : null}
      {statusState ? (
        statusState.ok ? (
          <Notice tone="success">{statusState.data.disabled ? `${who} is disabled and was signed out.` : `${who} can sign in again.`}</Notice>
        ) : (
          <Notice tone="error">{statusState.message}</Notice>
        )
      ) : null}
      {factorsState ? (
        factorsState.ok ? (
          <Notice tone="success">{`${factorsState.data.email} has no second factor now and was signed out.`}</Notice>
        ) : (
          <Notice tone="error">{factorsState.message}</Notice>
        )
      ) : null}
      {resetState ? (
        resetState.ok ? (
          <OneTimeSecret label={`New password for ${resetState.data.email}`} value={resetState.data.password} testId="reset-password" />
        ) : (
          <Notice tone="error">{resetState.message}</Notice>
        )
      ) : null}
    </div>
  );
}
