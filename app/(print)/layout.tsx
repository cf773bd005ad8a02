import type { ReactNode } from "react";
import "./print.css";

export const dynamic = "force-dynamic";

/** Pages meant for printing: no app header or navigation, readable on screen too. */
export default function PrintLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="print-shell mx-auto w-full max-w-5xl px-4 py-6 sm:px-8">
      {children}
    </main>
  );
}
