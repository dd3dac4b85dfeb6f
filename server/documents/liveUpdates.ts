import { onCommitted, type StoredEvent } from '@/server/events';
import { logger } from '@/server/observability';
import { liveEvents, publish, tenantChannel } from '@/server/realtime';

const documentStreamPrefix = 'document-';

/**
 * Once a document's events commit, tells its workspace's channel which
 * document changed (one message per document and commit). The message is a
 * hint: browsers refetch the document from the database, so a missed one
 * costs freshness, not correctness (and reconnecting refetches everything).
 */
export function publishDocumentChanges(events: StoredEvent[]) {
  const latest = new Map<string, StoredEvent>();
  for (const event of events) if (event.streamId.startsWith(documentStreamPrefix)) latest.set(event.streamId, event);
  const messages = [...latest.values()].map((event) => ({
    channel: tenantChannel(event.tenantId),
    event: liveEvents.documentChanged,
    data: { documentId: event.streamId.slice(documentStreamPrefix.length), type: event.type, position: event.position },
  }));
  return publish(messages).catch((error: unknown) => logger.warn({ err: error, documents: messages.length }, 'could not publish document changes'));
}

onCommitted(publishDocumentChanges);
