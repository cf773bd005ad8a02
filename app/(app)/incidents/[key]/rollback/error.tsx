"use client";

import { RouteError } from "@/components/shell/route-error";

export default function RollbackError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The rollback checklist could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; answers already saved are kept.
    </RouteError>
  );
}
