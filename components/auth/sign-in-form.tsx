"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { signInWithOidcAction, signInWithPasswordAction } from "@/lib/auth/actions";
import { ZSignIn, type TSignIn } from "@/lib/users/schemas";

export function SignInForm({ callbackUrl, oidcName, initialError }: { callbackUrl: string; oidcName: string | null; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, startTransition] = useTransition();
  const form = useForm<TSignIn>({ resolver: zodResolver(ZSignIn), defaultValues: { email: "", password: "" } });
  const onSubmit = form.handleSubmit((values) => {
    setError(null);
    startTransition(async () => {
      const result = await signInWithPasswordAction({ ...values, callbackUrl });
      if (result && !result.ok) setError(result.error);
    });
  });
  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
        <InputField label="E-mail" type="email" autoComplete="username" required error={form.formState.errors.email?.message} {...form.register("email")} />
        <InputField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={form.formState.errors.password?.message}
          {...form.register("password")}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {oidcName ? (
        <form action={signInWithOidcAction}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Button type="submit" variant="secondary" className="w-full">
            Sign in with {oidcName}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
