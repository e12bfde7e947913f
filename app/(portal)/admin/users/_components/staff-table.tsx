import { UserActions } from "@/app/(portal)/admin/users/_components/user-actions";
import { formatTime } from "@/app/_components/format";
import { Badge, RoleBadge } from "@/app/_components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/app/_components/ui/table";
import type { StaffMember } from "@/lib/auth/staff";

export function StaffTable({ staff, currentUserId }: { staff: StaffMember[]; currentUserId: number }) {
  return (
    <Table caption="Staff accounts">
      <THead>
        <Th>E-mail</Th>
        <Th>Name</Th>
        <Th>Role</Th>
        <Th>Status</Th>
        <Th>Second factor</Th>
        <Th>Last sign-in</Th>
        <Th>
          <span className="sr-only">Changes</span>
        </Th>
      </THead>
      <TBody>
        {staff.map((member) => (
          <Tr key={member.id} testId={`user-row-${member.email}`}>
            <Td label="E-mail" className="font-medium text-slate-900">
              <span className="break-words">{member.email}</span>
              {member.id === currentUserId ? (
                <span className="sm:ml-2">
                  <Badge tone="slate">You</Badge>
                </span>
              ) : null}
            </Td>
            <Td label="Name">{member.name}</Td>
            <Td label="Role">
              <span data-testid="role">
                <RoleBadge role={member.role} />
              </span>
            </Td>
            <Td label="Status">
              <span data-testid="status">{member.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</span>
            </Td>
            <Td label="Second factor">
              <span data-testid="factors">{member.factors > 0 ? <Badge tone="green">Set up</Badge> : <Badge tone="slate">None</Badge>}</span>
            </Td>
            <Td label="Last sign-in" className="whitespace-nowrap text-slate-600">
              {formatTime(member.lastLoginAt)}
            </Td>
            <Td className="sm:w-[20rem]">
              <UserActions member={member} isSelf={member.id === currentUserId} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
