import pino, { type DestinationStream } from 'pino';
import { currentLogContext } from './logContext';
import { prettyLine } from './prettyLine';

/**
 * A pino logger whose every line carries the current log context (request,
 * workspace, user, correlation id, job, step; see logContext.ts).
 */
export function createLogger(destination?: DestinationStream) {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service: process.env.TRAMITE_PROCESS ?? 'tramite' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A copy: pino merges the line's own fields into what mixin returns, which must not reach the context.
      mixin: () => ({ ...currentLogContext() }),
    },
    destination,
  );
}

/**
 * JSON lines wherever a machine reads the output (production, `npm start`'s
 * log files, pipelines); readable lines when a person watches a terminal
 * outside production.
 */
function defaultDestination(): DestinationStream | undefined {
  if (process.env.NODE_ENV === 'production' || !process.stdout.isTTY) return undefined;
  return { write: (line: string) => void process.stdout.write(prettyLine(line, true)) };
}

export const logger = createLogger(defaultDestination());
export type Logger = typeof logger;
