import 'server-only';
export { appRouter, createCaller, type AppRouter } from './root';
export { createContext, type Context } from './trpc';
export { routeCaller, errorResponse } from './routeCaller';
