"use client";

import { RouteError } from "@/components/shell/route-error";

export default function ConfigurationError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The configuration versions could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; saved versions are kept.
    </RouteError>
  );
}
