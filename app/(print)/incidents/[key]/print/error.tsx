"use client";

import { RouteError } from "@/components/shell/route-error";

export default function PrintError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The print view could not be prepared." reset={reset}>
      The server or the database did not answer. Nothing was changed.
    </RouteError>
  );
}
