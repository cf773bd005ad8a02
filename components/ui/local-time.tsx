"use client";

import { useSyncExternalStore } from "react";
import { formatInZone } from "@/lib/time/zone";

const subscribe = () => () => undefined;

/** Browser time zone on the client; UTC during server rendering (the zone is always shown). */
export function useTimeZone(): string {
  return useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "UTC",
  );
}

export function LocalTime({ iso }: { iso: string | null | undefined }) {
  const tz = useTimeZone();
  if (!iso) return <>—</>;
  return <time dateTime={iso}>{formatInZone(new Date(iso), tz)}</time>;
}
