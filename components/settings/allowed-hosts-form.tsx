"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { TextareaField } from "@/components/ui/field";
import { ConflictNotice } from "@/components/review/conflict-notice";
import { saveAllowedHostsAction } from "@/lib/smoke/actions";
import { ZSaveAllowedHosts, type TSaveAllowedHosts, type TSaveAllowedHostsInput } from "@/lib/smoke/hosts";
import { showFieldErrors } from "@/components/ui/field-errors";

type TTheirs = { allowedOutboundHosts: string[] };

export function AllowedHostsForm({ hosts }: { hosts: string[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const [conflict, setConflict] = useState<TTheirs | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<TSaveAllowedHostsInput, unknown, TSaveAllowedHosts>({
    resolver: zodResolver(ZSaveAllowedHosts) as never,
    defaultValues: { hosts: hosts.join("\n"), basedOn: hosts },
  });

  const save = () =>
    startTransition(async () => {
      setMessage(null);
      const r = await saveAllowedHostsAction(form.getValues());
      if (r.ok) {
        setConflict(null);
        form.reset({ hosts: r.data.allowedOutboundHosts.join("\n"), basedOn: r.data.allowedOutboundHosts });
        setMessage({ tone: "ok", text: `Saved. ${r.data.allowedOutboundHosts.length} ${r.data.allowedOutboundHosts.length === 1 ? "host is" : "hosts are"} allowed.` });
        router.refresh();
        return;
      }
      if (r.conflict) {
        setConflict(r.conflict.current as TTheirs);
        return;
      }
      setMessage({ tone: "danger", text: r.error });
      showFieldErrors(form.setError, r.fieldErrors, ["hosts"]);
    });

  return (
    <form onSubmit={form.handleSubmit(save)} className="flex flex-col gap-3" noValidate>
      {message ? (
        <Notice tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Notice>
      ) : null}
      {conflict ? (
        <ConflictNotice
          theirs={conflict.allowedOutboundHosts.join("\n") || "(no hosts)"}
          yours={form.getValues("hosts") || "(no hosts)"}
          onReapply={() => {
            form.setValue("basedOn", conflict.allowedOutboundHosts);
            setConflict(null);
            save();
          }}
          onUseTheirs={() => {
            form.reset({ hosts: conflict.allowedOutboundHosts.join("\n"), basedOn: conflict.allowedOutboundHosts });
            setConflict(null);
          }}
        />
      ) : null}
      <TextareaField
        label="Allowed hosts, one per line"
        className="font-mono"
        hint="host (default port: 443 for https, 80 for http) or host:port, e.g. api.cometapi.com or 127.0.0.1:8080. No wildcards, no http:// and no paths. Empty: live runs are off."
        error={form.formState.errors.hosts?.message}
        {...form.register("hosts")}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save allowed hosts"}
        </Button>
      </div>
    </form>
  );
}
