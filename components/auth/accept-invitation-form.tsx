"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { acceptInvitationAction } from "@/lib/users/actions";
import { ZAcceptInvitation, type TAcceptInvitation } from "@/lib/users/schemas";

export function AcceptInvitationForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TAcceptInvitation>({
    resolver: zodResolver(ZAcceptInvitation) as never,
    defaultValues: { token, name: "", password: "", confirm: "" },
  });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      const r = await acceptInvitationAction(form.getValues());
      if (r.ok) router.push("/signin?joined=1");
      else setError(r.error);
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      <InputField label="Your name" required error={e.name?.message} {...form.register("name")} />
      <InputField label="Password" type="password" autoComplete="new-password" required error={e.password?.message} {...form.register("password")} />
      <InputField label="Repeat the password" type="password" autoComplete="new-password" required error={e.confirm?.message} {...form.register("confirm")} />
      <Button type="submit" disabled={pending}>
        Create my account
      </Button>
    </form>
  );
}
