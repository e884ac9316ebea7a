// Who can see group G, in SQL: the one twin of policy.canViewGroup (active members of G, and the organisation's
// staff and admins, who see every group). Queries that pick people who may see a group (mention targets,
// notification and e-mail recipients) or groups a person may see use these fragments instead of spelling the
// rule; tests/integration/domain-rules.test.ts checks that SQL and TypeScript agree for every role and state.
import { sql, type SQL } from "drizzle-orm";
import { memberships, users } from "../../db/schema";
import { ORG_STAFF_ROLES } from "./predicates";

const STAFF_ROLES_SQL = ORG_STAFF_ROLES.map((r) => `'${r}'`).join(", ");

/** policy.isActiveMember: `m` is the person's membership row in the group (NULL when LEFT JOINed and absent). */
export const activeMemberSql = (m = "m") => `${m}.state = 'active'`;

/** policy.isOrgStaff: `u` is the person's users row. */
export const orgStaffSql = (u = "u") => `${u}.role IN (${STAFF_ROLES_SQL})`;

/**
 * policy.canViewGroup over rows: `m` the person's membership in the group, LEFT JOINed on (group, person);
 * `u` the person. Parenthesised, so it can be AND-ed as it is.
 */
export const canViewGroupSql = (m = "m", u = "u") => `(${activeMemberSql(m)} OR ${orgStaffSql(u)})`;

/** The fragment for the usual aliases: memberships `m` (LEFT JOINed on the group), users `u`. */
export const CAN_VIEW_GROUP_SQL = canViewGroupSql();

/**
 * The same for drizzle's query builder, over schema.memberships LEFT JOINed on (group, person) and
 * schema.users, as the builder names them.
 */
export const canViewGroupWhere = (): SQL => sql`(${memberships.state} = 'active' OR ${users.role} IN (${sql.raw(STAFF_ROLES_SQL)}))`;

/**
 * For one viewer whose organisation role is already known (their own list of ideas or notifications): staff
 * see every group, anyone else needs the active membership `m` (or an EXISTS over one).
 */
export const viewerCanViewGroupSql = (isStaff: boolean, m = "m") => (isStaff ? "1" : activeMemberSql(m));
