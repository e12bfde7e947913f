"use client";
// Making a calendar feed (its URL shown once, to copy into a calendar app) and revoking one.
// The server decides: certificates.read and a fresh proof to make one, the owner alone to
// revoke it (app/(portal)/account/actions.ts).
import { OneTimeSecret } from "@/app/_components/ui/one-time-secret";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Notice } from "@/app/_components/ui/notice";
import { SubmitButton } from "@/app/_components/ui/submit-button";
import { useFormAction } from "@/app/_components/use-form-action";
import { createCalendarFeedAction, revokeCalendarFeedAction } from "@/app/(portal)/account/actions";

export function CreateCalendarFeed() {
  const [state, action] = useFormAction(createCalendarFeedAction);
  const url = state?.ok ? `${state.data.publicUrl ?? window.location.origin}${state.data.path}` : null;
  return (
    <div className="space-y-3">
      <form action={action}>
        <SubmitButton variant="secondary" size="sm" pendingLabel="Creating…">
          Create a calendar feed
        </SubmitButton>
      </form>
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
      {url ? (
        <div data-testid="calendar-feed-created">
          <OneTimeSecret label="Your new calendar feed" value={url} testId="calendar-feed-url" copyLabel="Copy URL">
            <p className="mt-2 text-xs">
              Add it to your calendar app as a subscription (“add calendar from URL”). Shown only now: copy it before you leave this page. Anyone who has this
              address sees the names and expiry dates it lists, without signing in. Revoke it below if it leaks.
            </p>
          </OneTimeSecret>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeCalendarFeed({ feedId, created }: { feedId: number; created: string }) {
  const [state, action] = useFormAction(revokeCalendarFeedAction);
  return (
    <div className="flex flex-col gap-2">
      <ConfirmDialog
        triggerLabel="Revoke"
        triggerAriaLabel={`Revoke the feed created ${created}`}
        title="Revoke this calendar feed?"
        description="Its address stops working at once: calendars subscribed to it stop updating. You can create a new feed at any time."
        confirmLabel="Revoke feed"
        confirmVariant="danger"
        action={action}
      >
        <input type="hidden" name="feedId" value={feedId} />
      </ConfirmDialog>
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
    </div>
  );
}
