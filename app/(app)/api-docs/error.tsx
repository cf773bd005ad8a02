"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

export default function ApiDocsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="flex flex-col items-start gap-3">
      <Notice tone="danger" title="The API documentation could not be shown.">
        Something went wrong while building it. Nothing was changed.
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
