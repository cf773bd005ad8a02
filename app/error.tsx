"use client";

// Catches what the section error pages cannot: a failure in a layout (e.g. the
// signed-in shell reading the actor while the database is down).
import { RouteError } from "@/components/shell/route-error";

export default function AppError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-3 py-5 sm:px-6">
      <RouteError title="This page could not be loaded." reset={reset} />
    </main>
  );
}
