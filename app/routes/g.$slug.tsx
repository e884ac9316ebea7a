import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireGroupAccess } from "~/auth/group.server";
import { RouteErrorBoundary } from "~/components/error-page";
import { GroupHeader } from "~/components/group";
import { canAdministerGroups, canPostUpdates, isOrgStaff } from "~/policy";

export const ErrorBoundary = RouteErrorBoundary;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, membership, canManage, readOnly, user } = await requireGroupAccess(request, params.slug);
  return {
    group: {
      id: group.id,
      slug: group.slug,
      name: group.name,
      joinPolicy: group.joinPolicy,
      memberCount: group.memberCount,
      capacity: group.capacity,
      startsAt: group.startsAt,
      endsAt: group.endsAt,
      archivedAt: group.archivedAt,
      responseTargetDays: group.responseTargetDays,
      readOnly,
    },
    membership: membership ? { state: membership.state, role: membership.role } : null,
    can: { manage: canManage, administer: canAdministerGroups(user.role), postUpdates: canPostUpdates(user.role), respond: isOrgStaff(user.role) },
  };
}

export default function GroupLayout() {
  return (
    <>
      <GroupHeader />
      <Outlet />
    </>
  );
}
