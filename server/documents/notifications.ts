import { z } from 'zod';
import { appendToStream } from '@/server/events';
import { defineNotification, type DeliveryFailure } from '@/server/notifications';
import { documentStream, NotificationFailed } from './events';

const documentRef = { documentId: z.uuid(), fileName: z.string().min(1) };

/** To the uploader, once the document is searchable. */
export const documentReadyNotification = defineNotification({
  type: 'document.ready',
  params: z.object(documentRef),
  titleKey: 'notifications.documentReady.title',
  bodyKey: 'notifications.documentReady.body',
  link: ({ documentId }) => `/documents/${documentId}`,
});

/** To the uploader, once a step has failed for good. */
export const documentFailedNotification = defineNotification({
  type: 'document.failed',
  // Notifications stored before `resumable` was offered to resume, as its default does.
  params: z.object({ ...documentRef, step: z.string().min(1), reason: z.string(), resumable: z.enum(['yes', 'no']).default('yes') }),
  titleKey: 'notifications.documentFailed.title',
  bodyKey: 'notifications.documentFailed.body',
  // The step's name and the failure's reason (usually a message key, see defineWorkflow) in the reader's language.
  translatedParams: { step: (step) => `documents.steps.${step}`, reason: (reason) => reason },
  link: ({ documentId }) => `/documents/${documentId}`,
});

/** Deliveries that failed are recorded in the document's stream: its timeline shows them; the workflow goes on. */
export function recordFailedDeliveries(tenantId: string, documentId: string) {
  return async (failures: DeliveryFailure[]) => {
    const events = failures.map((failure) => NotificationFailed.create({ documentId, channel: failure.channel, reason: failure.reason }));
    await appendToStream(documentStream(documentId), events, { tenantId, expectedVersion: 'any' });
  };
}
