import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/error-page";
import { useMemo } from "react";
import { useT } from "~/components/i18n";
import { translator } from "~/i18n";
import { PageHeader } from "~/components/layout";
import { Notice, SubmitButton } from "~/components/ui/form";
import { titleMeta } from "~/utils/meta";
import { execute } from "~/commands/command.server";
import { isValidUnsubscribeToken } from "~/email/unsubscribe.server";
import { unsubscribe } from "~/features/accounts/commands/unsubscribe.server";
import { VISITOR } from "~/features/accounts/visitor.server";
import { statusOf } from "~/http/command-reply.server";
import { findUserById } from "~/models/user.server";

export const meta = titleMeta("unsubscribe.title");
export const ErrorBoundary = RouteErrorBoundary;

const linkParams = z.object({ u: z.string().min(1).max(40), k: z.enum(["status", "replies", "mentions", "comments"]), t: z.string().min(1).max(64) });
/** A mail client's one-click POST (RFC 8058) sends "List-Unsubscribe=One-Click"; our own button sends nothing. */
const oneClick = z.object({ "List-Unsubscribe": z.literal("One-Click").optional() }).strict();

/**
 * The link in every notification e-mail works without signing in: the token in it is an HMAC of the person and
 * the kind of e-mail. Opening it changes nothing (link checkers open links); the button, or the mail client's
 * one-click POST, runs the unsubscribe command, which checks the link again.
 */
function linkOf(request: Request) {
  const parsed = linkParams.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return parsed.success ? { userId: parsed.data.u, kind: parsed.data.k, token: parsed.data.t } : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const link = linkOf(request);
  const user = link && isValidUnsubscribeToken(link.userId, link.kind, link.token) ? findUserById(link.userId) : null;
  if (!link || !user) return data({ valid: false as const, kind: null, email: null, locale: null }, { status: 400 });
  // The reader may not be signed in: the page speaks the language of the person the e-mail was for.
  return { valid: true as const, kind: link.kind, email: user.email, locale: user.locale };
}

export async function action({ request }: ActionFunctionArgs) {
  const link = linkOf(request);
  if (!link || !oneClick.safeParse(Object.fromEntries(await request.formData())).success) return data({ done: false }, { status: 400 });
  const result = execute(unsubscribe, VISITOR, link);
  if (!result.ok) return data({ done: false }, { status: statusOf(result.error) });
  return { done: true };
}

export default function Unsubscribe() {
  const { valid, kind, email, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pageT = useT();
  const t = useMemo(() => (locale ? translator(locale) : pageT), [locale, pageT]);
  if (!valid || !kind) {
    return (
      <section className="card mx-auto max-w-xl">
        <PageHeader title={t("unsubscribe.invalidTitle")} lead={t("unsubscribe.invalid")} />
        <Link to="/account#emails" className="btn-primary">
          {t("unsubscribe.settings")}
        </Link>
      </section>
    );
  }
  return (
    <section className="card mx-auto max-w-xl" lang={locale ?? undefined}>
      <PageHeader title={t("unsubscribe.title")} lead={t(`unsubscribe.lead.${kind}`, { email: email ?? "" })} />
      {actionData?.done ? (
        <>
          <Notice>{t(`unsubscribe.done.${kind}`)}</Notice>
          <p className="text-sm text-slate-700">
            {t("unsubscribe.undo")} <Link to="/account#emails">{t("unsubscribe.settings")}</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <SubmitButton>{t("unsubscribe.confirm")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
