"use client";

import { RouteError } from "@/components/shell/route-error";

export default function DecisionError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The fallback decision could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; answers and overrides already saved are kept.
    </RouteError>
  );
}
