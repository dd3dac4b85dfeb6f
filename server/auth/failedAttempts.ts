import { inArray, sql } from 'drizzle-orm';
import { getDb } from '@/server/db';
import { signInAttempts } from './schema';
import { signInDelayMs, signInPolicy, type SignInLimits } from './signInPolicy';

/*
 * Failed attempts counted per key in Postgres (sign-in by email and by IP,
 * invitation links by IP), so every instance sees the same counts and a
 * restart does not reset them. The table kept its first user's name.
 */

export type LimitedKey = { key: string; limits: SignInLimits };
export type AttemptGate = { locked: boolean; delayMs: number };

/** Whether these keys may try now, and how long to pause first. */
export async function readAttemptGate(keys: LimitedKey[]): Promise<AttemptGate> {
  const rows = await getDb()
    .select()
    .from(signInAttempts)
    .where(inArray(signInAttempts.key, keys.map((k) => k.key)));
  const now = Date.now();
  let gate: AttemptGate = { locked: false, delayMs: 0 };
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil.getTime() > now) return { locked: true, delayMs: 0 };
    if (now - row.windowStartedAt.getTime() > signInPolicy.windowMs) continue;
    const limits = keys.find((k) => k.key === row.key)!.limits;
    gate = { locked: false, delayMs: Math.max(gate.delayMs, signInDelayMs(row.failures, limits)) };
  }
  return gate;
}

/** Counts one failure for each key in one statement per key; returns true when that locked any of them. */
export async function recordFailedAttempt(keys: LimitedKey[]): Promise<boolean> {
  const window = `${signInPolicy.windowMs} milliseconds`;
  const lock = `${signInPolicy.lockMs} milliseconds`;
  let locked = false;
  for (const { key, limits } of keys) {
    const result = await getDb().execute<{ locked: boolean }>(sql`
      insert into sign_in_attempts as a (key, failures, window_started_at, locked_until)
      values (${key}, 1, now(), case when 1 >= ${limits.lockAt} then now() + ${lock}::interval end)
      on conflict (key) do update set
        failures = case when a.window_started_at < now() - ${window}::interval then 1 else a.failures + 1 end,
        window_started_at = case when a.window_started_at < now() - ${window}::interval then now() else a.window_started_at end,
        locked_until = case
          when (case when a.window_started_at < now() - ${window}::interval then 1 else a.failures + 1 end) >= ${limits.lockAt}
          then now() + ${lock}::interval else a.locked_until end
      returning coalesce(locked_until > now(), false) as locked`);
    locked ||= result.rows[0]?.locked === true;
  }
  return locked;
}

export async function clearFailedAttempts(key: string): Promise<void> {
  await getDb().delete(signInAttempts).where(inArray(signInAttempts.key, [key]));
}
