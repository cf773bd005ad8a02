"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { ROLES } from "@/lib/auth/permissions";
import { createUserAction, inviteUserAction } from "@/lib/users/actions";
import { ZCreateUser, ZInviteUser, type TCreateUser, type TInviteUser } from "@/lib/users/schemas";
import { showFieldErrors } from "@/components/ui/field-errors";

const roleOptions = ROLES.map((r) => ({ value: r, label: r }));

export function CreateUserForm() {
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TCreateUser>({
    resolver: zodResolver(ZCreateUser) as never,
    defaultValues: { email: "", name: "", role: "VIEWER", password: "" },
  });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      const values = form.getValues();
      const r = await createUserAction(values);
      if (r.ok) {
        setMessage({ tone: "ok", text: `Created ${values.email}.` });
        form.reset();
      } else {
        setMessage({ tone: "danger", text: r.error });
        showFieldErrors(form.setError, r.fieldErrors);
      }
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      <InputField label="Name" required error={e.name?.message} {...form.register("name")} />
      <InputField label="E-mail" type="email" required error={e.email?.message} {...form.register("email")} />
      <SelectField label="Role" options={roleOptions} error={e.role?.message} {...form.register("role")} />
      <InputField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters with 3 kinds (letters, digits, symbols), or 16+ characters."
        error={e.password?.message}
        {...form.register("password")}
      />
      <div>
        <Button type="submit" disabled={pending}>
          Create user
        </Button>
      </div>
    </form>
  );
}

export function InviteUserForm() {
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TInviteUser>({ resolver: zodResolver(ZInviteUser) as never, defaultValues: { email: "", role: "VIEWER" } });
  const onSubmit = form.handleSubmit(() =>
    startTransition(async () => {
      setError(null);
      const r = await inviteUserAction(form.getValues());
      if (r.ok) {
        setLink(`${window.location.origin}${r.data.path}`);
        form.reset();
      } else {
        setError(r.error);
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      {error ? (
        <Notice tone="danger" role="alert">
          {error}
        </Notice>
      ) : null}
      {link ? (
        <Notice tone="ok" role="status" title="Invitation created. Send this link; it is shown only once and expires in 7 days.">
          <code className="break-all">{link}</code>
        </Notice>
      ) : null}
      <InputField label="E-mail" type="email" required error={form.formState.errors.email?.message} {...form.register("email")} />
      <SelectField label="Role" options={roleOptions} {...form.register("role")} />
      <div>
        <Button type="submit" disabled={pending}>
          Create invitation
        </Button>
      </div>
    </form>
  );
}
