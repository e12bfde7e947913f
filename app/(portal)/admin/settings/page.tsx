import type { Metadata } from "next";
import { FactorPolicyForm } from "@/app/(portal)/admin/settings/_components/factor-policy-form";
import { FourEyesForm } from "@/app/(portal)/admin/settings/_components/four-eyes-form";
import { IdpTrustForm } from "@/app/(portal)/admin/settings/_components/idp-trust-form";
import { NoticeRecipientsForm } from "@/app/(portal)/admin/settings/_components/notice-recipients-form";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { requirePermission } from "@/lib/auth/session";
import { settingsOverview } from "@/lib/auth/settings";
import { env } from "@/lib/env";
import { noticeConfiguration } from "@/lib/notices";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const me = await requirePermission("settings.manage", "/admin/settings");
  const overview = settingsOverview(getDb(), me.id);
  return (
    <>
      <PageHeader
        title="Settings"
        description="How staff prove who they are, when a revocation needs a second person, and who receives the expiry notices. Saving asks for your second factor (or password) again if you gave it more than 10 minutes ago; every change is recorded in the audit log."
      />
      <div className="flex flex-col gap-8">
        <FactorPolicyForm
          required={overview.factorPolicy.required}
          source={overview.factorPolicy.source}
          withoutFactor={overview.withoutFactor}
          yourFactor={overview.yourFactor}
        />
        <IdpTrustForm trusted={overview.trustIdpMfa} singleSignOn={overview.singleSignOn} />
        <FourEyesForm policy={overview.fourEyes} />
        <NoticeRecipientsForm recipients={overview.noticeRecipients} mailServer={noticeConfiguration(getDb(), env()).email?.server ?? null} />
      </div>
    </>
  );
}
