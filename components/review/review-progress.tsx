import type { TCompletenessCounts } from "@/lib/review/completeness";

/** Overall answered count, required answered count, and a progress bar with an accessible name and value. */
export function ReviewProgress({ counts, label = "Review questions answered" }: { counts: TCompletenessCounts; label?: string }) {
  const { answered, total, requiredAnswered, requiredTotal } = counts;
  const percent = total === 0 ? 0 : Math.round((answered / total) * 100);
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-sm">
        <span className="font-semibold">
          {answered}/{total}
        </span>{" "}
        answered ·{" "}
        <span className="font-semibold">
          {requiredAnswered}/{requiredTotal}
        </span>{" "}
        required answered
      </p>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={answered}
        aria-valuetext={`${answered} of ${total} answered, ${requiredAnswered} of ${requiredTotal} required`}
        className="h-2 w-full overflow-hidden rounded-full border border-border bg-surface-2"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
