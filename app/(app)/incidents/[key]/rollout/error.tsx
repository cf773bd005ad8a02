"use client";

import { RouteError } from "@/components/shell/route-error";

export default function RolloutError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The rollout could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; recorded steps and windows are kept.
    </RouteError>
  );
}
