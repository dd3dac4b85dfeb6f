import { afterCommit } from '@/server/db';
import { logger } from '@/server/observability';
import type { StoredEvent } from './storedEvent';

/** Sees events once their transaction has committed; in this process only, best-effort (a crash between commit and call skips it). */
export type CommittedObserver = (events: StoredEvent[]) => unknown;

const observers = new Set<CommittedObserver>();

/**
 * For what must follow the log but may miss an event (a realtime hint that a
 * document changed: the client reads the truth from the database). Work that
 * must not be lost is an async handler instead.
 */
export function onCommitted(observer: CommittedObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** Tells the observers about events just committed. */
export async function announceCommitted(events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (const observer of observers) {
    try {
      await observer(events);
    } catch (error) {
      logger.warn({ err: error }, 'an observer of committed events failed');
    }
  }
}

/** Tells the observers once the current transaction commits. */
export function announceAfterCommit(events: StoredEvent[]): void {
  if (events.length === 0 || observers.size === 0) return;
  afterCommit(() => announceCommitted(events));
}
