"use server";

import { AuthError as NextAuthError } from "next-auth";
import { signIn, signOut } from "./auth";
import { ZSignIn } from "@/lib/users/schemas";
import { ValidationError, toFailure, type TActionResult } from "@/lib/http/errors";

function safeCallback(url: unknown): string {
  // Only same-site relative paths: no open redirect through callbackUrl.
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/incidents";
}

export async function signInWithPasswordAction(raw: unknown): Promise<TActionResult<never>> {
  const parsed = ZSignIn.safeParse(raw);
  if (!parsed.success) return toFailure(ValidationError.fromZod(parsed.error));
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback((raw as { callbackUrl?: unknown })?.callbackUrl),
    });
  } catch (error) {
    if (error instanceof NextAuthError) {
      const code = (error as { code?: string }).code;
      if (code === "throttled") {
        return { ok: false, status: 429, error: "Too many failed sign-in attempts. Wait 15 minutes and try again." };
      }
      return { ok: false, status: 401, error: "The e-mail or password is incorrect, or the account is disabled." };
    }
    throw error; // the success redirect
  }
  return { ok: false, status: 500, error: "Sign-in did not complete." };
}

export async function signInWithOidcAction(formData: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallback(formData.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
