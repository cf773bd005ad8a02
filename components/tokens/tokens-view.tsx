"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Badge, Card, CardTitle, Notice } from "@/components/ui/card";
import { InputField, SelectField } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TableWrap, Td, Th } from "@/components/ui/table";
import { createTokenAction, revokeTokenAction } from "@/lib/tokens/actions";
import {
  TOKEN_EXPIRY_CHOICES,
  TOKEN_SCOPE_LABELS,
  TOKEN_SCOPES,
  ZCreateToken,
  type TCreateToken,
  type TCreateTokenInput,
} from "@/lib/tokens/schemas";
import type { TTokenView, TTokenWithOwner } from "@/lib/tokens/tokens";
import { showFieldErrors } from "@/components/ui/field-errors";

const STATUS_TONE = { active: "ok", expired: "warn", revoked: "neutral" } as const;
const STATUS_LABEL = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

/** The new secret, shown once with a copy button; it is in no other place the browser can reach later. */
function NewSecret({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Notice tone="warn" role="status" title={`Token “${name}” created. Copy it now: you will not see it again.`}>
      <div className="mt-2 flex flex-col gap-2">
        <label htmlFor="new-token" className="text-xs font-medium">
          Your new personal access token
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            id="new-token"
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded border border-border bg-surface px-2 py-1 font-mono text-xs text-text"
            data-testid="new-token"
          />
          <Button type="button" size="sm" variant="secondary" onClick={copy}>
            <Copy aria-hidden size={14} />
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
        <p aria-live="polite" className="text-xs">
          {copied ? "Copied to the clipboard." : "Only a hash is stored: if you lose it, revoke it and create another."}
        </p>
        <div>
          <Button type="button" size="sm" variant="ghost" onClick={onDone}>
            I have copied it
          </Button>
        </div>
      </div>
    </Notice>
  );
}

export function CreateTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TCreateTokenInput, unknown, TCreateToken>({
    resolver: zodResolver(ZCreateToken),
    defaultValues: { name: "", scope: "READ", expiresInDays: "30" },
  });
  const onSubmit = form.handleSubmit(() => {
    setError(null);
    startTransition(async () => {
      // The server parses the raw input again with the same schema.
      const values = form.getValues();
      const result = await createTokenAction(values);
      if (result.ok) {
        form.reset({ name: "", scope: values.scope, expiresInDays: values.expiresInDays });
        onCreated(result.data.view.name, result.data.token);
        return;
      }
      setError(result.error);
      showFieldErrors(form.setError, result.fieldErrors);
    });
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
      {error ? (
        <div className="w-full">
          <Notice tone="danger" role="alert">
            {error}
          </Notice>
        </div>
      ) : null}
      <div className="sm:w-64">
        <InputField label="Name" required hint="What will use it, e.g. “CI pipeline”." error={errors.name?.message} {...form.register("name")} />
      </div>
      <div className="sm:w-48">
        <SelectField
          label="Scope"
          required
          error={errors.scope?.message}
          options={TOKEN_SCOPES.map((s) => ({ value: s, label: TOKEN_SCOPE_LABELS[s] }))}
          {...form.register("scope")}
        />
      </div>
      <div className="sm:w-40">
        <SelectField
          label="Expires in"
          required
          error={errors.expiresInDays?.message}
          options={TOKEN_EXPIRY_CHOICES.map((d) => ({ value: d, label: `${d} days` }))}
          {...form.register("expiresInDays")}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </form>
  );
}

/** Tokens with Revoke (confirmed); with `showOwner`, an owner column (the admin's view of everyone's tokens). */
function TokensTable({ tokens, caption, showOwner = false }: { tokens: (TTokenView & { owner?: TTokenWithOwner["owner"] })[]; caption: string; showOwner?: boolean }) {
  const router = useRouter();
  const [confirmId, setConfirmId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  const revoke = (t: TTokenView) => {
    setPendingId(t.id);
    startTransition(async () => {
      const result = await revokeTokenAction({ id: t.id });
      setPendingId(null);
      setConfirmId(null);
      setMessage(result.ok ? { tone: "ok", text: `Token “${t.name}” was revoked. It no longer works.` } : { tone: "danger", text: result.error });
      router.refresh();
    });
  };

  return (
    <>
      {message ? (
        <div className="mb-3">
          <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
            {message.text}
          </Notice>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p className="text-sm text-muted">No tokens.</p>
      ) : (
        <TableWrap>
          <Table>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                {showOwner ? <Th scope="col">Owner</Th> : null}
                <Th scope="col">Name</Th>
                <Th scope="col">Prefix</Th>
                <Th scope="col">Scope</Th>
                <Th scope="col">Created</Th>
                <Th scope="col">Expires</Th>
                <Th scope="col">Last used</Th>
                <Th scope="col">Status</Th>
                <Th scope="col">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  {showOwner ? <Td title={t.owner?.email}>{t.owner?.name}</Td> : null}
                  <Td className="font-medium">{t.name}</Td>
                  <Td className="font-mono text-xs">irt_{t.prefix}_…</Td>
                  <Td>{TOKEN_SCOPE_LABELS[t.scope]}</Td>
                  <Td>
                    <LocalTime iso={t.createdAt} />
                  </Td>
                  <Td>{t.expiresAt ? <LocalTime iso={t.expiresAt} /> : "—"}</Td>
                  <Td>{t.lastUsedAt ? <LocalTime iso={t.lastUsedAt} /> : "Never"}</Td>
                  <Td>
                    <Badge tone={STATUS_TONE[t.status]}>{STATUS_LABEL[t.status]}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">
                    {t.status !== "revoked" ? (
                      confirmId === t.id ? (
                        <div className="flex gap-1">
                          <Button size="sm" variant="danger" onClick={() => revoke(t)} disabled={pendingId === t.id}>
                            Confirm revoke<span className="sr-only"> {t.name}</span>
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirmId(null)}>
                            Keep
                          </Button>
                        </div>
                      ) : (
                        <Button size="sm" variant="secondary" onClick={() => setConfirmId(t.id)}>
                          Revoke<span className="sr-only"> {t.name}</span>
                        </Button>
                      )
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableWrap>
      )}
    </>
  );
}

export function TokensView({ tokens, everyone }: { tokens: TTokenView[]; everyone?: TTokenWithOwner[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);

  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardTitle>Create a token</CardTitle>
        <p className="mb-3 text-sm text-muted">
          A token acts as you, with your current role and never more. A read token cannot change anything. Every token expires.
        </p>
        <CreateTokenForm
          onCreated={(name, token) => {
            setSecret({ name, token });
            router.refresh();
          }}
        />
        {secret ? (
          <div className="mt-4">
            <NewSecret name={secret.name} token={secret.token} onDone={() => setSecret(null)} />
          </div>
        ) : null}
      </Card>

      <Card aria-labelledby="tokens-heading">
        <CardTitle>
          <span id="tokens-heading">Your tokens</span>
        </CardTitle>
        <TokensTable tokens={tokens} caption="Your personal access tokens" />
      </Card>

      {everyone ? (
        <Card aria-labelledby="everyone-heading">
          <CardTitle>
            <span id="everyone-heading">Everyone’s active tokens</span>
          </CardTitle>
          <p className="mb-3 text-sm text-muted">As an admin you may revoke any user’s token, e.g. one that leaked.</p>
          <TokensTable tokens={everyone} caption="Active tokens of every user" showOwner />
        </Card>
      ) : null}
    </div>
  );
}
