import { createCallerFactory, createTRPCRouter } from './trpc';
import { tenantsRouter } from './routers/tenants';

/** The table of contents of the API: one line per router. */
export const appRouter = createTRPCRouter({
  tenants: tenantsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
