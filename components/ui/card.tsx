import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={cn("rounded-lg border border-border bg-surface p-4 sm:p-5", className)} {...props} />;
}

export function CardTitle({ children, as: Tag = "h2", className }: { children: ReactNode; as?: "h2" | "h3"; className?: string }) {
  return <Tag className={cn("mb-3 text-base font-semibold", className)}>{children}</Tag>;
}

type TTone = "neutral" | "danger" | "warn" | "ok" | "accent";
const tones: Record<TTone, string> = {
  neutral: "bg-surface-2 text-text border-border",
  danger: "bg-danger-bg text-danger border-danger/40",
  warn: "bg-warn-bg text-warn border-warn/40",
  ok: "bg-ok-bg text-ok border-ok/40",
  accent: "bg-surface-2 text-accent border-accent/40",
};

export function Badge({ tone = "neutral", children, className }: { tone?: TTone; children: ReactNode; className?: string }) {
  return (
    <span className={cn("inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap", tones[tone], className)}>
      {children}
    </span>
  );
}

export function Notice({ tone = "neutral", title, children, role }: { tone?: TTone; title?: ReactNode; children: ReactNode; role?: "alert" | "status" }) {
  return (
    <div role={role} className={cn("rounded-md border px-3 py-2 text-sm", tones[tone])}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold break-words">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

export const severityTone = (s: string): TTone => (s === "SEV1" ? "danger" : s === "SEV2" ? "warn" : "neutral");
