import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireGroupManager } from "~/auth/group.server";
import { execute } from "~/commands/command.server";
import { AuditTable, FilterSelect } from "~/components/audit";
import { RouteErrorBoundary } from "~/components/error-page";
import { RoleBadge, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import { FormErrors, Notice, SearchForm } from "~/components/ui/form";
import { Pagination } from "~/components/ui/pagination";
import { changeMemberRole } from "~/features/groups/commands/change-member-role.server";
import { decideJoinRequest } from "~/features/groups/commands/decide-join-request.server";
import { endMembership } from "~/features/groups/commands/end-membership.server";
import { liftBan } from "~/features/groups/commands/lift-ban.server";
import { actorOf } from "~/http/actor.server";
import { messageOf, statusOf, throwIfPageError } from "~/http/command-reply.server";
import { auditActions, translateError } from "~/i18n";
import { serverTranslator } from "~/i18n/locale.server";
import { listAudit, listAuditActors, STAFF_ONLY_ACTIONS } from "~/models/audit.server";
import { findMembers } from "~/models/member-search.server";
import { listForModeration } from "~/models/membership.server";
import { canActOnMember } from "~/policy";
import { pageParam } from "~/schemas/fields";
import { parseAuditQuery } from "~/schemas/audit";
import { manageSchema } from "~/schemas/group";
import { MEMBER_QUERY_MAX, searchBoxQuery, searchQueryTooLong } from "~/schemas/idea";
import { groupTitleMeta } from "~/utils/meta";

export const meta = groupTitleMeta("groups.tab.manage");
export const ErrorBoundary = RouteErrorBoundary;

const querySchema = z.object({ q: searchBoxQuery, page: pageParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { group, user, isStaff, membership } = await requireGroupManager(request, params.slug);
  const search = new URL(request.url).searchParams;
  const query = querySchema.parse({ q: search.get("q") ?? undefined, page: search.get("page") ?? undefined });
  // The group's log, readable and filtered by who and what (its page is the members' page: the newest 20 show).
  const { query: logQuery, invalid: logInvalid } = parseAuditQuery(search, ["actor", "action"]);
  const hide = isStaff ? [] : STAFF_ONLY_ACTIONS;
  // An over-long search lists nobody and says so (it used to become "" and list everyone), as the directory does.
  const queryTooLong = searchQueryTooLong(query.q, MEMBER_QUERY_MAX);
  return data(
    {
      ...query,
      queryTooLong,
      me: { id: user.id, orgRole: user.role, groupRole: membership?.state === "active" ? membership.role : null },
      members: queryTooLong ? { rows: [], total: 0, pages: 1 } : findMembers({ groupId: group.id, ...query }),
      ...listForModeration(group.id),
      log: listAudit({ page: 1, groupId: group.id, pageSize: 20, hide, actorId: logQuery.actor, action: logQuery.action }).rows,
      logFilter: { actor: logQuery.actor, action: logQuery.action, invalid: logInvalid.length > 0 },
      logActors: listAuditActors({ groupId: group.id }),
      logActions: auditActions().filter((a) => !hide.includes(a)),
    },
    { status: queryTooLong ? 400 : 200 },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { group, user } = await requireGroupManager(request, params.slug);
  const t = serverTranslator(request, user);
  const submission = parseWithZod(await request.formData(), { schema: manageSchema });
  if (submission.status !== "success") {
    // These forms have one free-text field at most, so the first problem is the one to tell.
    const first = Object.values(submission.reply().error ?? {}).flat()[0];
    return data({ ok: false, message: translateError(t, first ?? undefined) ?? t("common.formErrors") }, { status: 400 });
  }
  const v = submission.value;
  const actor = actorOf(user);
  const target = { groupId: group.id, userId: v.userId };
  const result = (() => {
    switch (v.intent) {
      case "approve":
      case "decline":
        return execute(decideJoinRequest, actor, { ...target, approve: v.intent === "approve", message: v.message });
      case "role":
        return execute(changeMemberRole, actor, { ...target, role: v.role });
      case "unban":
        return execute(liftBan, actor, target);
      case "remove":
      case "ban":
        return execute(endMembership, actor, { ...target, ban: v.intent === "ban", reason: v.reason });
    }
  })();
  if (!result.ok) {
    throwIfPageError(result.error);
    return data({ ok: false, message: messageOf(result.error, t) }, { status: statusOf(result.error) });
  }
  const done = {
    approve: "groups.manage.approved",
    decline: "groups.manage.declined",
    role: v.intent === "role" && v.role === "moderator" ? "groups.manage.promoted" : "groups.manage.demoted",
    remove: "groups.manage.removed",
    ban: "groups.manage.banned",
    unban: "groups.manage.unbanned",
  } as const;
  return { ok: true, message: t(done[v.intent], { name: result.value.name }) };
}

function IntentButton({ intent, label, userId, danger = false }: { intent: string; label: string; userId: string; danger?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent && navigation.formData?.get("userId") === userId;
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      disabled={busy}
      aria-busy={busy || undefined}
      className={`btn-secondary px-2 py-1 ${danger ? "border-red-300 text-red-800 hover:bg-red-50" : ""}`}
    >
      {label}
    </button>
  );
}

export default function ManageGroup() {
  const { members, requests, banned, log, logFilter, logActors, logActions, q, page, me, queryTooLong } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <div className="space-y-8">
      {actionData?.ok ? <Notice>{actionData.message}</Notice> : null}
      {actionData && !actionData.ok ? <FormErrors errors={[actionData.message]} /> : null}

      <section aria-labelledby="requests-title">
        <h2 id="requests-title" className="mb-3 text-xl font-semibold">
          {t("groups.manage.requests", { count: requests.length })}
        </h2>
        {requests.length === 0 ? (
          <p className="card text-slate-700">{group.joinPolicy === "request" ? t("groups.manage.noRequests") : t("groups.manage.requestsOff")}</p>
        ) : (
          <ul className="space-y-3">
            {requests.map((r) => (
              <li key={r.userId} className="card">
                <p className="font-medium">
                  {r.name} <span className="text-sm font-normal text-slate-600">{r.email}</span>
                </p>
                <p className="text-xs text-slate-600">{r.requestedAt ? t("groups.manage.requestedOn", { date: format.dateTime(r.requestedAt) }) : null}</p>
                {r.requestAnswer ? (
                  <blockquote className="mt-2 whitespace-pre-line border-l-4 border-slate-300 pl-3 text-slate-800">{r.requestAnswer}</blockquote>
                ) : null}
                {canActOnMember(me, { id: r.userId, orgRole: r.orgRole, groupRole: r.role }) ? (
                  <Form method="post" className="mt-3 space-y-2">
                    <input type="hidden" name="userId" value={r.userId} />
                    <label htmlFor={`msg-${r.userId}`} className="block text-sm font-medium">
                      {t("groups.manage.decisionMessage")}
                    </label>
                    <textarea id={`msg-${r.userId}`} name="message" rows={2} maxLength={1000} className="input" />
                    <div className="flex flex-wrap gap-2">
                      <IntentButton intent="approve" userId={r.userId} label={t("groups.manage.approve")} />
                      <IntentButton intent="decline" userId={r.userId} label={t("groups.manage.decline")} danger />
                    </div>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="members-title" id="members">
        <h2 id="members-title" className="mb-3 text-xl font-semibold">
          {t("groups.tab.members")}
        </h2>
        <SearchForm
          id="manage-q"
          label={t("groups.searchDirectory")}
          defaultValue={q}
          error={queryTooLong ? t("common.searchTooLong", { max: format.number(MEMBER_QUERY_MAX) }) : undefined}
        />
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {members.rows.map((m) => {
            // Only the actions the server would take: a moderator sees none for other moderators, staff or admins.
            const canAct = canActOnMember(me, { id: m.userId, orgRole: m.orgRole, groupRole: m.role });
            return (
              <li key={m.userId} className="p-4">
                <p className="font-medium">
                  {m.name} <RoleBadge role={m.role} orgRole={m.orgRole} />
                </p>
                <p className="text-xs text-slate-600">{m.joinedAt ? t("groups.joinedOn", { date: format.date(m.joinedAt) }) : null}</p>
                {canAct ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("groups.manage.actionsFor", { name: m.name })}</summary>
                    <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
                      <Form method="post">
                        <input type="hidden" name="userId" value={m.userId} />
                        <input type="hidden" name="role" value={m.role === "moderator" ? "member" : "moderator"} />
                        <IntentButton intent="role" userId={m.userId} label={m.role === "moderator" ? t("groups.manage.demote") : t("groups.manage.promote")} />
                      </Form>
                      <Form method="post" className="flex flex-wrap items-end gap-2">
                        <input type="hidden" name="userId" value={m.userId} />
                        <div>
                          <label htmlFor={`reason-${m.userId}`} className="block text-sm font-medium">
                            {t("groups.manage.reason")}
                          </label>
                          <input id={`reason-${m.userId}`} name="reason" maxLength={1000} className="input mt-1" />
                        </div>
                        <IntentButton intent="remove" userId={m.userId} label={t("groups.manage.remove")} danger />
                        <IntentButton intent="ban" userId={m.userId} label={t("groups.manage.ban")} danger />
                      </Form>
                    </div>
                  </details>
                ) : null}
              </li>
            );
          })}
          {members.rows.length === 0 ? <li className="p-4 text-slate-700">{t("groups.noMatches")}</li> : null}
        </ul>
        <Pagination page={page} pages={members.pages} />
      </section>

      <section aria-labelledby="banned-title">
        <h2 id="banned-title" className="mb-3 text-xl font-semibold">
          {t("groups.manage.bannedTitle")}
        </h2>
        {banned.length === 0 ? (
          <p className="card text-slate-700">{t("groups.manage.noBanned")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {banned.map((b) => (
              <li key={b.userId} className="flex flex-wrap items-center gap-3 p-4">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{b.name}</p>
                  <p className="text-xs text-slate-600">
                    {t("groups.manage.bannedOn", { date: format.date(b.stateChangedAt) })}
                    {b.decisionMessage ? ` — “${b.decisionMessage}”` : null}
                  </p>
                </div>
                {canActOnMember(me, { id: b.userId, orgRole: b.orgRole, groupRole: b.role }) ? (
                  <Form method="post">
                    <input type="hidden" name="userId" value={b.userId} />
                    <IntentButton intent="unban" userId={b.userId} label={t("groups.manage.unban")} />
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="log-title">
        <h2 id="log-title" className="mb-3 text-xl font-semibold">
          {t("groups.manage.log")}
        </h2>
        <Form method="get" role="search" aria-label={t("admin.audit.filters")} className="card mb-3 flex flex-wrap items-end gap-3">
          {q ? <input type="hidden" name="q" value={q} /> : null}
          <FilterSelect
            name="actor"
            label={t("admin.audit.colActor")}
            value={logFilter.actor}
            options={logActors.map((a) => ({ value: a.id, label: a.name }))}
          />
          <FilterSelect
            name="action"
            label={t("admin.audit.colAction")}
            value={logFilter.action}
            options={logActions.map((a) => ({ value: a, label: t(`admin.audit.action.${a}` as never) }))}
          />
          <button type="submit" className="btn-secondary">
            {t("admin.audit.filter")}
          </button>
        </Form>
        {logFilter.invalid ? <Notice>{t("admin.audit.invalidFilters")}</Notice> : null}
        {log.length === 0 ? (
          <p className="card text-slate-700">{logFilter.actor || logFilter.action ? t("admin.audit.noMatches") : t("admin.audit.empty")}</p>
        ) : (
          <AuditTable rows={log} label={t("groups.manage.log")} />
        )}
      </section>
    </div>
  );
}
