"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function NavLink({
  href,
  children,
  exact = false,
  prefetch,
}: {
  href: string;
  children: ReactNode;
  exact?: boolean;
  /** false for long lists of dynamic pages (the review sections): no server render per link on every visit. */
  prefetch?: boolean;
}) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      prefetch={prefetch}
      aria-current={active ? "page" : undefined}
      className={cn("rounded px-2 py-1 hover:bg-surface-2", active ? "bg-surface-2 font-semibold text-accent" : "text-text")}
    >
      {children}
    </Link>
  );
}
