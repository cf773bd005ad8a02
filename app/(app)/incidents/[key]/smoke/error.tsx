"use client";

import { RouteError } from "@/components/shell/route-error";

export default function SmokeError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The smoke tests could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; recorded runs are kept.
    </RouteError>
  );
}
