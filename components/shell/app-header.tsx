import Link from "next/link";
import { KeyRound, LogOut } from "lucide-react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { signOutAction } from "@/lib/auth/actions";
import { can, type TActor } from "@/lib/auth/permissions";
import { NavLink } from "./nav-link";

export function AppHeader({ actor }: { actor: TActor }) {
  return (
    <header className="no-print border-b border-border bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
        <Link href="/incidents" className="font-semibold">
          Incident Review
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1 text-sm">
          <NavLink href="/incidents">Incidents</NavLink>
          <NavLink href="/follow-ups">Follow-ups</NavLink>
          <NavLink href="/analytics">Analytics</NavLink>
          <NavLink href="/api-docs">API</NavLink>
          {can(actor, "users:manage") ? <NavLink href="/admin">Admin</NavLink> : null}
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <span className="hidden max-w-48 truncate sm:inline" title={actor.email}>
            {actor.name}
          </span>
          <Badge tone="accent">{actor.role}</Badge>
          <Link href="/settings/tokens" className="inline-flex items-center gap-1 rounded px-2 py-1 hover:bg-surface-2" aria-label="Access tokens">
            <KeyRound aria-hidden size={16} />
            <span className="hidden sm:inline">Tokens</span>
          </Link>
          <ThemeToggle />
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm" aria-label="Sign out">
              <LogOut aria-hidden size={16} />
              <span className="hidden sm:inline">Sign out</span>
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
