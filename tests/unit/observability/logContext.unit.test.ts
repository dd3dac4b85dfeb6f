import { describe, expect, it } from 'vitest';
import { addToLogContext, createLogger, extendLogContext, withLogContext } from '@/server/observability';
import { prettyLine } from '@/server/observability/prettyLine';

/** A logger writing into an array, one parsed JSON line per entry. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('log context', () => {
  it('puts the fields of the surrounding context on every line, inner ones over outer ones', async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: 'r1', tenantId: 't1' }, async () => {
      logger.info('outer');
      await withLogContext({ tenantId: 't2', step: 'store' }, async () => {
        await Promise.resolve();
        logger.info('inner');
      });
      logger.info({ step: 'given' }, 'explicit');
      logger.info('after');
    });
    logger.info('outside');
    expect(lines.map(({ msg, requestId, tenantId, step }) => ({ msg, requestId, tenantId, step }))).toEqual([
      { msg: 'outer', requestId: 'r1', tenantId: 't1', step: undefined },
      { msg: 'inner', requestId: 'r1', tenantId: 't2', step: 'store' },
      { msg: 'explicit', requestId: 'r1', tenantId: 't1', step: 'given' },
      // A line's own fields are its own: they do not stay in the context.
      { msg: 'after', requestId: 'r1', tenantId: 't1', step: undefined },
      { msg: 'outside', requestId: undefined, tenantId: undefined, step: undefined },
    ]);
  });

  it('adds what becomes known later to the lines after it; extendLogContext reaches the work’s own closing line', async () => {
    const { logger, lines } = capture();
    await withLogContext({ jobId: 'j1' }, async () => {
      addToLogContext({ tenantId: 't1', userId: undefined });
      await extendLogContext({ correlationId: 'c1' }, async () => logger.info('inside'));
      logger.info('job completed');
    });
    expect(lines.map(({ msg, jobId, tenantId, correlationId }) => ({ msg, jobId, tenantId, correlationId }))).toEqual([
      { msg: 'inside', jobId: 'j1', tenantId: 't1', correlationId: 'c1' },
      { msg: 'job completed', jobId: 'j1', tenantId: 't1', correlationId: 'c1' },
    ]);
    expect(lines[0]).not.toHaveProperty('userId');
  });
});

describe('the development format', () => {
  it('reads as time, level, message and key=value, with an error’s stack below', () => {
    const line = JSON.stringify({ level: 40, time: '2026-11-28T10:31:04.123Z', service: 'worker', msg: 'workflow step failed', step: 'process', attempt: 2, err: { message: 'boom', stack: 'Error: boom\n    at step' } });
    expect(prettyLine(line)).toBe('10:31:04.123 WARN  workflow step failed step=process attempt=2\n    Error: boom\n        at step\n');
    expect(prettyLine('not json')).toBe('not json\n');
  });
});
