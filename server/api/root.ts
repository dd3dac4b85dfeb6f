import { createCallerFactory, createTRPCRouter } from './trpc';
import { invitationsRouter } from './routers/invitations';
import { membersRouter } from './routers/members';
import { tenantsRouter } from './routers/tenants';
import { tokensRouter } from './routers/tokens';

/** The table of contents of the API: one line per router. */
export const appRouter = createTRPCRouter({
  tenants: tenantsRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
