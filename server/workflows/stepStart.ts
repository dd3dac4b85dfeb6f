import { sql } from 'drizzle-orm';
import { withTenant, type Transaction } from '@/server/db';
import type { AppendResult } from '@/server/events';
import { logger } from '@/server/observability';

/**
 * How long a step runs before its start is committed on its own. A step that
 * ends sooner records its start with its outcome, in the handler's
 * transaction: a commit of its own was a tenth of a document's cost in the
 * pipeline benchmark, for a "running" state that lasted milliseconds. A
 * longer step shows as running on the timeline, and to the slow-step alerts,
 * this long after it began.
 */
const startOnItsOwnAfterMs = 250;

/**
 * Bounds the wait of the start's own append for a lock the step's
 * transaction may hold by means other than its own appends (which say so
 * with goWithOutcome): the start then goes with the outcome instead, and
 * neither waits for the other forever.
 */
const lockTimeout = '2s';

export type StepStart = {
  /** The step's transaction now holds the stream's lock (it appended to it): the start can only go with the outcome. */
  goWithOutcome: () => void;
  /**
   * Stops the timer and says how the start was recorded: the result of its
   * own append once that committed, or undefined when it was not (the step
   * ended first, the start was to go with the outcome, the append failed, or
   * the workflow was no longer active), and the start is to go with the outcome.
   */
  settle: () => Promise<AppendResult | undefined>;
};

/** Commits the start with `append` (in a transaction of its own) if the step is still running a while from now. */
export function commitStartIfStillRunning(tenantId: string, append: (tx: Transaction) => Promise<AppendResult | undefined>): StepStart {
  let recording: Promise<AppendResult | undefined> | undefined;
  let withOutcome = false;
  const timer = setTimeout(() => {
    if (withOutcome) return;
    recording = withTenant(tenantId, async (tx) => {
      await tx.execute(sql`select set_config('lock_timeout', ${lockTimeout}, true)`);
      return append(tx);
    }).catch((error: unknown) => {
      // Not lost: the start goes with the outcome, and an append of it that did commit is recognised there by its event ids.
      logger.warn({ err: error }, 'workflow step start not recorded on its own');
      return undefined;
    });
  }, startOnItsOwnAfterMs);
  return {
    goWithOutcome: () => {
      withOutcome = true;
    },
    settle: () => {
      clearTimeout(timer);
      return recording ?? Promise.resolve(undefined);
    },
  };
}
