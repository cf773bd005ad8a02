// Optimistic concurrency: every save names the version it was based on. A
// save based on stale data is refused with the other person's current value,
// so the user can compare and re-apply; nothing is silently overwritten.
import { ConflictError } from "@/lib/http/errors";

export const CONFLICT_MESSAGE =
  "Someone else changed this since you opened it. Their version is shown next to yours; nothing of yours was saved.";

/**
 * Throws ConflictError when `current` (null = not created yet, version 0) is
 * not at `expectedVersion`. `present` picks what the user is shown of the current value.
 */
export function assertVersion<T extends { version: number }>(
  current: T | null,
  expectedVersion: number,
  present: (current: T) => unknown,
): void {
  const actual = current?.version ?? 0;
  if (actual !== expectedVersion) {
    throw new ConflictError(CONFLICT_MESSAGE, current ? present(current) : null, actual);
  }
}
