import type { SubmissionResult } from "@conform-to/react";
import { useActionData } from "@remix-run/react";
import type { ComponentProps } from "react";
import { Markdown, useGroup } from "~/components/group";
import { useFormat, useT } from "~/components/i18n";
import type { IdeaStatus } from "~/domain/constants";
import { AuthorContext, ResponseComposer } from "~/features/loop/components/feedback";
import { statusSchema } from "~/schemas/idea";
import type { ActionData } from "../types";
import { NoteForm } from "./loop-forms";

/** What the loader reads for staff only (read-model.server.ts): never part of a member's page. */
export type StaffData = {
  notes: { id: number; html: string; createdAt: number; authorName: string | null }[];
  savedReplies: ComponentProps<typeof ResponseComposer>["savedReplies"];
  prefill: string;
  context: ComponentProps<typeof AuthorContext>["context"];
  replyContext: ComponentProps<typeof ResponseComposer>["context"];
};

/** Staff's part of the idea page: the response composer (status and official response) and the internal notes. */
export function StaffPanels({
  staff,
  status,
  eventCount,
  can,
}: {
  staff: StaffData;
  status: IdeaStatus;
  eventCount: number;
  can: { respond: boolean; addNote: boolean };
}) {
  const actionData = useActionData() as ActionData | undefined;
  const { group } = useGroup();
  const t = useT();
  const format = useFormat();
  return (
    <>
      {can.respond ? (
        <section id="respond" aria-labelledby="respond-title" className="card border-blue-200">
          <h2 id="respond-title" className="mb-1 text-lg font-semibold">
            {t("loop.respondTitle")}
          </h2>
          <p className="mb-4 text-sm text-slate-700">{t("loop.respondLead")}</p>
          <div className="grid gap-5 lg:grid-cols-[1fr,16rem]">
            <ResponseComposer
              id="status"
              schema={statusSchema}
              lastResult={actionData?.formId === "status" ? (actionData.result as SubmissionResult<string[]> | null) : undefined}
              status={status}
              prefill={staff.prefill}
              context={staff.replyContext}
              savedReplies={staff.savedReplies}
              replyLink={(id) => `?reply=${id}#respond`}
              key={`${status}-${eventCount}-${staff.prefill.length}`}
            />
            <AuthorContext slug={group.slug} context={staff.context} />
          </div>
        </section>
      ) : null}

      <section id="notes" aria-labelledby="notes-title" tabIndex={-1} className="card border-dashed border-violet-300 bg-violet-50/40 focus:outline-none">
        <h2 id="notes-title" className="text-lg font-semibold">
          {t("loop.notesTitle")}
        </h2>
        <p className="mb-3 text-sm text-slate-700">{t("loop.notesLead")}</p>
        {staff.notes.length === 0 ? <p className="text-sm text-slate-700">{t("loop.noNotes")}</p> : null}
        <ol className="space-y-3">
          {staff.notes.map((n) => (
            <li key={n.id} className="rounded-md border border-violet-200 bg-white p-3">
              <p className="mb-1 text-xs text-slate-600">
                {t("groups.postedBy", { name: n.authorName ?? t("common.unknown"), date: format.dateTime(n.createdAt) })}
              </p>
              <Markdown html={n.html} />
            </li>
          ))}
        </ol>
        {can.addNote ? <NoteForm key={staff.notes.length} /> : null}
      </section>
    </>
  );
}
