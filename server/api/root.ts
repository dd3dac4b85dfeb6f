import { createCallerFactory, createTRPCRouter } from './trpc';
import { documentsRouter } from './routers/documents';
import { eventsRouter } from './routers/events';
import { invitationsRouter } from './routers/invitations';
import { membersRouter } from './routers/members';
import { notificationsRouter } from './routers/notifications';
import { tenantsRouter } from './routers/tenants';
import { tokensRouter } from './routers/tokens';
import { workflowsRouter } from './routers/workflows';

/** The table of contents of the API: one line per router. */
export const appRouter = createTRPCRouter({
  tenants: tenantsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  tokens: tokensRouter,
  events: eventsRouter,
  documents: documentsRouter,
  notifications: notificationsRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
