import { eq } from 'drizzle-orm';
import { getDb } from '@/server/db';
import { unknownUserHash, verifyPassword } from './password';
import { users } from './schema';
import { signInInput } from './schemas';
import { clearFailedAttempts, readAttemptGate, recordFailedAttempt } from './failedAttempts';
import { signInPolicy } from './signInPolicy';

export type SessionUser = { id: string; email: string; name: string };

/**
 * Thrown errors carry an i18n key as their message: next-auth hands the
 * message to the sign-in form, which shows its translation.
 */
export class SignInRefused extends Error {
  constructor(readonly messageKey: 'auth.invalidCredentials' | 'auth.tooManyAttempts') {
    super(messageKey);
    this.name = 'SignInRefused';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `pause` is how the slow-down waits; tests pass one that records instead. */
export async function authorizeCredentials(credentials: unknown, ip: string, pause = sleep): Promise<SessionUser> {
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) throw new SignInRefused('auth.invalidCredentials');
  const { email, password } = parsed.data;
  const keys = [
    { key: `email:${email}`, limits: signInPolicy.email },
    { key: `ip:${ip}`, limits: signInPolicy.ip },
  ];
  const gate = await readAttemptGate(keys);
  if (gate.locked) throw new SignInRefused('auth.tooManyAttempts');
  if (gate.delayMs > 0) await pause(gate.delayMs);

  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), password);
  if (!user || !valid) {
    const nowLocked = await recordFailedAttempt(keys);
    throw new SignInRefused(nowLocked ? 'auth.tooManyAttempts' : 'auth.invalidCredentials');
  }
  await clearFailedAttempts(`email:${email}`);
  return { id: user.id, email: user.email, name: user.name };
}
