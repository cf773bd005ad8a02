"use client";

import { RouteError } from "@/components/shell/route-error";

export default function SummaryError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The summary could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed.
    </RouteError>
  );
}
