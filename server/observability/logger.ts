import pino from 'pino';

/**
 * JSON lines in every environment: they are what operators' log pipelines
 * read, and `npm start` keeps its own console output short.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.TRAMITE_PROCESS ?? 'tramite' },
  timestamp: pino.stdTimeFunctions.isoTime,
});
