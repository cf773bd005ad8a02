"use client";

import { RouteError } from "@/components/shell/route-error";

export default function ComparisonError({ reset }: { error: Error; reset: () => void }) {
  return (
    <RouteError title="The comparisons could not be loaded." reset={reset}>
      The server or the database did not answer. Nothing was changed; saved comparisons are kept.
    </RouteError>
  );
}
