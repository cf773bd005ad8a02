"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

export default function TokensError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="flex flex-col items-start gap-3">
      <Notice tone="danger" title="Your tokens could not be loaded.">
        The server or the database did not answer. Nothing was changed.
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
