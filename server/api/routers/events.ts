import { z } from 'zod';
import { AppError } from '@/server/errors';
import { browseEvents, browseEventsInput, eventWithCausation, listEventTypes, streamHistory, streamHistoryInput } from '@/server/events';
import { allowedProcedure, createTRPCRouter } from '../trpc';

/** The event browser's reads (owners and admins): the workspace's log, a stream, an event and its causation chain. */
export const eventsRouter = createTRPCRouter({
  list: allowedProcedure('events.browse')
    .input(browseEventsInput)
    .query(({ ctx, input }) => browseEvents({ tenantId: ctx.tenant.id }, input)),

  types: allowedProcedure('events.browse').query(({ ctx }) => listEventTypes({ tenantId: ctx.tenant.id })),

  get: allowedProcedure('events.browse')
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const found = await eventWithCausation({ tenantId: ctx.tenant.id }, input.id);
      if (!found) throw new AppError('not_found', 'events.notFound');
      return found;
    }),

  stream: allowedProcedure('events.browse')
    .input(streamHistoryInput)
    .query(async ({ ctx, input }) => {
      const found = await streamHistory({ tenantId: ctx.tenant.id }, input);
      if (!found) throw new AppError('not_found', 'events.streamNotFound');
      return found;
    }),
});
