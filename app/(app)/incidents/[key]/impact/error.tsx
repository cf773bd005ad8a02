"use client";

import { RouteError } from "@/components/shell/route-error";

export default function ImpactError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The user-impact measures could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; saved measures are kept.
    </RouteError>
  );
}
