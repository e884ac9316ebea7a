import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { groupCreateSchema } from "~/schemas/group";
import { useT } from "./i18n";
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from "./ui/form";

export type GroupFormValues = Partial<
  Record<"name" | "slug" | "description" | "joinPolicy" | "screeningQuestion" | "responseTargetDays" | "capacity" | "startsOn" | "endsOn", string>
>;

/** Creating a group and editing its settings use the same fields. */
export function GroupForm({
  lastResult,
  defaultValue,
  intent,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]>;
  defaultValue: GroupFormValues;
  intent?: string;
  submitLabel: string;
}) {
  const t = useT();
  const [policy, setPolicy] = useState(defaultValue.joinPolicy ?? "invite");
  const [form, fields] = useForm({
    id: "group",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(groupCreateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => {
      formData.delete("intent");
      return parseWithZod(formData, { schema: groupCreateSchema });
    },
  });
  const policyOptions = (["invite", "request", "open"] as const).map((p) => ({ value: p, label: t(`groups.policy.${p}`) }));
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-4"
      onChange={(e) => (e.target as HTMLElement).getAttribute("name") === "joinPolicy" && setPolicy((e.target as HTMLSelectElement).value)}
    >
      <FormErrors errors={form.errors} id={form.errorId} />
      <TextField meta={fields.name} label={t("groups.form.name")} autoComplete="off" />
      <TextField meta={fields.slug} label={t("groups.form.slug")} hint={t("groups.form.slugHint")} autoComplete="off" />
      <TextareaField meta={fields.description} label={t("groups.form.description")} hint={t("groups.markdownHint")} rows={6} />
      <SelectField
        meta={fields.joinPolicy}
        label={t("groups.form.joinPolicy")}
        hint={t(`groups.policyHint.${policy === "request" || policy === "open" ? policy : "invite"}`)}
        options={policyOptions}
      />
      <TextField meta={fields.screeningQuestion} label={t("groups.form.screeningQuestion")} hint={t("groups.form.screeningHint")} autoComplete="off" />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField meta={fields.responseTargetDays} label={t("groups.form.responseTarget")} hint={t("groups.form.responseTargetHint")} type="number" />
        <TextField meta={fields.capacity} label={t("groups.form.capacity")} hint={t("groups.form.capacityHint")} type="number" />
        <TextField meta={fields.startsOn} label={t("groups.form.startsOn")} type="date" />
        <TextField meta={fields.endsOn} label={t("groups.form.endsOn")} hint={t("groups.form.endsOnHint")} type="date" />
      </div>
      <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
    </Form>
  );
}
