import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { translateError } from "~/i18n";
import { useT } from "../i18n";

type FieldProps = {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "search" | "number" | "date";
  autoComplete?: string;
  autoFocus?: boolean;
};

export function Help({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({ meta, label, hint, type = "text", autoComplete, autoFocus }: FieldProps) {
  const t = useT();
  const error = translateError(t, meta.errors?.[0]);
  const { key, ...props } = getInputProps(meta, { type, ariaAttributes: true });
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        key={key}
        {...props}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        className="input mt-1"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(meta.id, hint, error)}
      />
      <Help id={meta.id} hint={hint} error={error} />
    </div>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  rows = 4,
  maxLength,
  className = "",
  placeholder,
}: Omit<FieldProps, "type" | "autoComplete" | "autoFocus"> & { rows?: number; maxLength?: number; className?: string; placeholder?: string }) {
  const t = useT();
  const error = translateError(t, meta.errors?.[0]);
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        key={key}
        {...props}
        rows={rows}
        maxLength={maxLength}
        placeholder={placeholder}
        className={`input mt-1 ${className}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(meta.id, hint, error)}
      />
      <Help id={meta.id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({ meta, label, hint, options }: Omit<FieldProps, "type" | "autoComplete"> & { options: { value: string; label: string }[] }) {
  const t = useT();
  const error = translateError(t, meta.errors?.[0]);
  const { key, ...props } = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select key={key} {...props} className="input mt-1" aria-invalid={error ? true : undefined} aria-describedby={describedBy(meta.id, hint, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={meta.id} hint={hint} error={error} />
    </div>
  );
}

/** Form-level errors: announced to screen readers as soon as they appear. */
export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {errors.map((e) => (
        <p key={e}>{translateError(t, e)}</p>
      ))}
    </div>
  );
}

/** A success message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="mb-4 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
      {children}
    </div>
  );
}

/** Shows progress while its form is being submitted. */
export function SubmitButton({ children, intent, className = "btn-primary" }: { children: ReactNode; intent?: string; className?: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button type="submit" name={intent ? "intent" : undefined} value={intent} className={className} disabled={busy} aria-busy={busy || undefined}>
      {busy ? t("common.working") : children}
    </button>
  );
}

/** Options for a language select; "" means "follow the browser" where that is allowed. */
export function useLanguageOptions({ withBrowser }: { withBrowser: boolean }) {
  const t = useT();
  return [...(withBrowser ? [{ value: "", label: t("lang.auto") }] : []), { value: "fi", label: t("lang.fi") }, { value: "en", label: t("lang.en") }];
}

/** A GET search box (`?q=`): the query stays in the URL, so a filtered list can be shared and works without JS. */
export function SearchForm({ id, label, defaultValue, error }: { id: string; label: string; defaultValue: string; error?: string }) {
  const t = useT();
  return (
    <Form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-2">
      <div className="flex-1">
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          className="input mt-1"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, undefined, error)}
        />
        <Help id={id} error={error} />
      </div>
      <button type="submit" className="btn-secondary">
        {t("common.search")}
      </button>
    </Form>
  );
}
