"use client";

import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { z } from "zod";

// Under the CSP (no 'unsafe-eval') zod's JIT probe, Function(""), is blocked
// and reported as a violation on every page; parsing without JIT avoids it.
// Browser only: the server keeps zod's faster JIT parsing.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </ThemeProvider>
  );
}
