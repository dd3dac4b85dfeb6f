/**
 * Announced queues reach their workers: a queue this process works, with a
 * worker idle, by waking that worker directly; any other (all its workers
 * here busy, or worked only by other processes) on the channel every worker
 * process listens to.
 */
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceJobs, createBoss, wakeWorkersOnAnnouncements, type QueueWorkers } from '@/server/jobs';
import { waitFor } from '@/tests/support/waitFor';

let boss: PgBoss;
const listener = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
const heard: string[] = [];
const woken: string[] = [];

/** A queue's workers as this process has them: `idle` says whether one was free to take the job. */
function workersOf(queue: string, idle: boolean): QueueWorkers {
  return {
    wake: () => {
      if (idle) woken.push(queue);
      return idle;
    },
    wakeAll: () => {},
  };
}

beforeAll(async () => {
  boss = await createBoss(process.env.DATABASE_URL!).start();
  await wakeWorkersOnAnnouncements(
    boss,
    new Map([
      ['announce.idle', workersOf('announce.idle', true)],
      ['announce.busy', workersOf('announce.busy', false)],
    ]),
  );
  listener.on('notification', ({ payload }) => heard.push(payload!));
  await listener.connect();
  await listener.query('listen tramite_jobs');
});
afterAll(async () => {
  await listener.end();
  await boss.stop({ graceful: false });
});

describe('announced jobs', () => {
  it('wake an idle worker of this process directly, and are named on the channel when no worker here is free to take them', async () => {
    await announceJobs(boss, ['announce.idle', 'announce.busy', 'announce.elsewhere']);
    // Woken before the announcement returns: no round trip through Postgres.
    expect(woken).toEqual(['announce.idle']);
    // Notifications of one statement arrive in order: once the last is heard, the others would have been.
    await waitFor(async () => (heard.includes('announce.elsewhere') ? true : undefined), 'the announcement on the channel');
    expect(heard).toEqual(['announce.busy', 'announce.elsewhere']);
  });
});
