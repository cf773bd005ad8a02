"use client";

import { RouteError } from "@/components/shell/route-error";

export default function ExportError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The export page could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed.
    </RouteError>
  );
}
