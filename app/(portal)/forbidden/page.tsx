// Where requirePermission() sends a signed-in person whose role lacks a page's permission.
// The refusal was already audited; this page explains it and offers a way back.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/app/_components/ui/button";
import { PageHeader } from "@/app/_components/ui/page-header";
import { isPermission, ROLE_LABELS, rolesWith } from "@/lib/auth/rbac";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Access denied" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const raw = (await searchParams).permission;
  const permission = isPermission(raw) ? raw : null;
  const holders = permission ? rolesWith(permission).map((r) => ROLE_LABELS[r]) : [];
  return (
    <>
      <PageHeader title="Access denied" />
      <div className="max-w-2xl space-y-3 text-sm text-slate-700">
        <p>
          Your role, <span className="font-medium">{ROLE_LABELS[user.role]}</span>, does not allow this page.
          {holders.length > 0 ? ` It is open to: ${holders.join(", ")}.` : ""}
        </p>
        <p>If you need it for your work, ask a portal administrator to change your role. This attempt was recorded in the audit log.</p>
        <p>
          <Link href="/" prefetch={false} className={buttonClasses("secondary", "sm")}>
            Back to the dashboard
          </Link>
        </p>
      </div>
    </>
  );
}
