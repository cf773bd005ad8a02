"use client";

import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

export function PrintButton() {
  return (
    <Button variant="secondary" size="sm" className="no-print" onClick={() => window.print()}>
      <Printer aria-hidden size={16} /> Print
    </Button>
  );
}
