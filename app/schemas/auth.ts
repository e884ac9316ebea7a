import { z } from "zod";
import { anyPasswordField, emailField, nameField, newPasswordField, optionalLocaleField, redirectToField, withConfirmation } from "./fields";

export const loginSchema = z.object({ email: emailField, password: anyPasswordField, redirectTo: redirectToField }).strict();

export const forgotPasswordSchema = z.object({ email: emailField }).strict();

export const resetPasswordSchema = withConfirmation({ token: z.string().max(200) });

const confirmField = z.string({ required_error: "validation.required" }).max(200, "validation.tooLong");

export const accountSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("profile"), name: nameField, locale: optionalLocaleField }).strict(),
    z.object({ intent: z.literal("password"), current: anyPasswordField, password: newPasswordField, confirm: confirmField }).strict(),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "password" && v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "validation.passwordMismatch" });
  });

export const setLocaleSchema = z.object({ locale: z.enum(["fi", "en"]), redirectTo: redirectToField }).strict();
