import { z } from 'zod';

/** Who caused an event: a person, a program with an API token, or Tramite itself (a handler, a scheduled job). */
export const actorSchema = z.object({
  kind: z.enum(['user', 'apiToken', 'system']),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * Stored with every event. A command starts a correlation id; every event
 * that follows from it, however many handlers later, carries the same one.
 * `causationId` is the event that made a handler append this one (null for
 * the events a command appends).
 */
export const eventMetadataSchema = z.object({
  correlationId: z.uuid(),
  causationId: z.uuid().nullable(),
  actor: actorSchema.optional(),
  requestId: z.string().optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;
