'use client';
import { useFormatter, useNow } from 'next-intl';

/**
 * "2 minutes ago", kept fresh. `now` only ticks every `updateInterval`, so a
 * row that arrived live after the last tick would read "in 2 seconds": a
 * time later than `now` is shown as now.
 */
export function useRelativeTime(updateInterval = 60_000): (date: Date | string | number) => string {
  const format = useFormatter();
  const now = useNow({ updateInterval });
  return (date) => {
    const at = new Date(date);
    return format.relativeTime(at, at > now ? at : now);
  };
}
