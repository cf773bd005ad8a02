// Shared by forms (client) and actions (server).
import { z } from "zod";
import { ZNewPassword } from "@/lib/auth/password";
import { ZRole } from "@/lib/auth/permissions";

export const ZEmail = z
  .email({ error: "Enter a valid e-mail address." })
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const ZSignIn = z.object({
  email: z.string().trim().min(1, { error: "Enter your e-mail address." }).max(254),
  password: z.string().min(1, { error: "Enter your password." }).max(200),
});
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZCreateUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, { error: "Enter a name." }).max(120),
  role: ZRole,
  password: ZNewPassword,
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export const ZInviteUser = z.object({
  email: ZEmail,
  role: ZRole,
});
export type TInviteUser = z.input<typeof ZInviteUser>;

export const ZAcceptInvitation = z
  .object({
    token: z.string().min(20).max(200),
    name: z.string().trim().min(1, { error: "Enter your name." }).max(120),
    password: ZNewPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { error: "The passwords do not match.", path: ["confirm"] });
export type TAcceptInvitation = z.input<typeof ZAcceptInvitation>;

export const ZSetRole = z.object({ userId: z.string().min(1), role: ZRole });
export const ZSetDisabled = z.object({ userId: z.string().min(1), disabled: z.boolean() });
export const ZUserId = z.object({ userId: z.string().min(1) });
