import 'server-only';
// Logs and request observation. Health checks and Prometheus metrics have their own entry points
// (`@/server/observability/health`, `@/server/observability/metrics`): they read the database, the
// queue and the realtime server, whose modules import this one.
export { logger, createLogger, type Logger } from './logger';
export { withLogContext, extendLogContext, addToLogContext, currentLogContext, type LogFields } from './logContext';
export { requestIdOf, requestIdHeader } from './requestId';
export { observeRoute } from './observeRoute';
