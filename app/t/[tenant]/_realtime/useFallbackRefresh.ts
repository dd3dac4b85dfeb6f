'use client';
import { useLiveState } from './RealtimeProvider';

/**
 * Live hints make polling unnecessary while the socket is up. When it is not
 * (the realtime port is not reachable from the browser, no realtime server is
 * configured, a subscription was refused, or the socket is reconnecting), a
 * running workflow is refreshed every few seconds instead, so the page still
 * reaches its end state without a reload.
 */
export const fallbackRefreshMs = 5_000;

/** A TanStack Query `refetchInterval` for a query that shows running work. */
export function useFallbackRefresh(): (running: boolean) => number | false {
  const state = useLiveState();
  return (running) => (running && state !== 'live' ? fallbackRefreshMs : false);
}
