// The fallback verdict as a badge, for every place a fallback is recorded.
// Presentational (no hooks, no data access): usable from server and client components.
import { Badge } from "@/components/ui/card";
import type { TVerdict } from "@/lib/fallback/types";

const TONES = { ALLOWED: "ok", LIMITED: "warn", BLOCKED: "danger" } as const;
const WORDS: Record<TVerdict, string> = { ALLOWED: "allowed", LIMITED: "limited", BLOCKED: "blocked" };

/** "Fallback limited (overridden)": the words carry the meaning, the color only repeats it. */
export function VerdictBadge({ verdict, overridden = false, className }: { verdict: TVerdict; overridden?: boolean; className?: string }) {
  return (
    <Badge tone={TONES[verdict]} className={className}>
      <span data-verdict={verdict}>
        Fallback {WORDS[verdict]}
        {overridden ? " (overridden)" : ""}
      </span>
    </Badge>
  );
}
