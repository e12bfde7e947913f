import type { Metadata } from "next";
import { CreateUserForm } from "@/app/(portal)/admin/users/_components/create-user-form";
import { StaffTable } from "@/app/(portal)/admin/users/_components/staff-table";
import { PageHeader } from "@/app/_components/ui/page-header";
import { getDb } from "@/db/client";
import { requirePermission } from "@/lib/auth/session";
import { listStaff } from "@/lib/auth/staff";

export const metadata: Metadata = { title: "Staff accounts" };

export default async function StaffAccountsPage() {
  const me = await requirePermission("users.manage", "/admin/users");
  const staff = listStaff(getDb());
  return (
    <>
      <PageHeader
        title="Staff accounts"
        description="Who can sign in to the portal, and with which role. Every change takes effect at once — a changed role or a disabled account signs that person out — and is recorded in the audit log."
      />
      <div className="flex flex-col gap-8">
        <CreateUserForm />
        <section aria-labelledby="accounts-heading" className="flex flex-col gap-3">
          <h2 id="accounts-heading" className="text-lg font-semibold text-slate-900">
            Accounts <span className="text-sm font-normal text-slate-600">({staff.length})</span>
          </h2>
          <StaffTable staff={staff} currentUserId={me.id} />
        </section>
      </div>
    </>
  );
}
