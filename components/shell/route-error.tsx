"use client";

// The body of every error.tsx. In production the thrown error reaches the
// browser without its message, so the database's state is asked from
// /api/health: while it answers 503 the page says the database is
// unavailable and keeps retrying; once it is back the page reloads its data
// by itself (no app restart, no manual reload).
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

const POLL_MS = 3_000;

type TDatabaseState = "checking" | "down" | "up";

export function RouteError({ title, children, reset }: { title: string; children?: ReactNode; reset: () => void }) {
  const router = useRouter();
  const [database, setDatabase] = useState<TDatabaseState>("checking");
  const [, startTransition] = useTransition();

  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      let up = false;
      try {
        const response = await fetch("/api/health", { cache: "no-store" });
        up = response.ok;
      } catch {
        up = false;
      }
      if (stopped) return;
      setDatabase(up ? "up" : "down");
      if (!up) {
        wasDown = true;
        timer = setTimeout(check, POLL_MS);
      } else if (wasDown) {
        // Back again: fetch the page's data anew and re-render it.
        startTransition(() => {
          router.refresh();
          reset();
        });
      }
    };
    void check();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [reset, router]);

  return (
    <div className="flex flex-col items-start gap-3">
      {database === "down" ? (
        <Notice tone="warn" role="status" title="The database is unavailable.">
          The app cannot reach its database right now (it may be restarting). Nothing was changed; this page is retrying automatically
          and will load as soon as the database is back.
        </Notice>
      ) : (
        <Notice tone="danger" title={title}>
          {children ?? "The server or the database did not answer. Nothing was changed."}
        </Notice>
      )}
      <Button variant="secondary" onClick={() => startTransition(() => { router.refresh(); reset(); })}>
        Try again
      </Button>
    </div>
  );
}
