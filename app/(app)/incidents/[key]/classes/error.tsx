"use client";

import { RouteError } from "@/components/shell/route-error";

export default function ClassesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The failure classes could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; classes and counts already saved are kept.
    </RouteError>
  );
}
