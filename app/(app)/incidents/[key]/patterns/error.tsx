"use client";

import { RouteError } from "@/components/shell/route-error";

export default function PatternsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The fallback patterns could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; answers and approvals already saved are kept.
    </RouteError>
  );
}
