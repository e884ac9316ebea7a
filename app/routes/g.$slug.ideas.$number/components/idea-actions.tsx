import type { SubmissionResult } from "@conform-to/react";
import { Form, useActionData, useFetcher } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { TagChip } from "~/components/idea";
import { FormErrors, SubmitButton } from "~/components/ui/form";
import type { TagColor } from "~/domain/constants";
import type { ActionData } from "../types";

export function FollowButton({ following, count }: { following: boolean; count: number }) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher();
  const pending = fetcher.formData ? fetcher.formData.get("following") === "1" : null;
  const shown = pending ?? following;
  const shownCount = pending === null || pending === following ? count : count + (pending ? 1 : -1);
  return (
    <fetcher.Form method="post" className="flex items-center gap-2">
      <input type="hidden" name="intent" value="follow" />
      <input type="hidden" name="following" value={shown ? "0" : "1"} />
      <button type="submit" aria-pressed={shown} className={shown ? "btn-primary px-3 py-1" : "btn-secondary px-3 py-1"}>
        {shown ? t("ideas.following") : t("ideas.follow")}
      </button>
      <span className="text-slate-700">{t("ideas.followers", { count: format.number(shownCount) })}</span>
    </fetcher.Form>
  );
}

export function TagEditor({ allTags, selected }: { allTags: { id: number; name: string; color: TagColor }[]; selected: number[] }) {
  const t = useT();
  const actionData = useActionData() as ActionData | undefined;
  const refused = actionData?.formId === "tags" && !actionData.ok ? (actionData.result as SubmissionResult<string[]> | null) : null;
  const message = refused?.error ? (Object.values(refused.error).flat()[0] ?? undefined) : undefined;
  return (
    <details className="mt-3" open={Boolean(message)}>
      <summary className="cursor-pointer text-sm font-medium text-blue-800">{t("ideas.editTags")}</summary>
      <Form method="post" className="mt-2 space-y-3">
        {message ? <FormErrors errors={[message]} /> : null}
        <fieldset>
          <legend className="sr-only">{t("ideas.form.tags")}</legend>
          <div className="flex flex-wrap gap-3">
            {allTags.map((tag) => (
              <label key={tag.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="tags" value={tag.id} defaultChecked={selected.includes(tag.id)} className="h-4 w-4" />
                <TagChip tag={tag} />
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitButton intent="tags" className="btn-secondary">
          {t("ideas.saveTags")}
        </SubmitButton>
      </Form>
    </details>
  );
}
