import { beforeEach, describe, expect, it } from 'vitest';
import { authorizeCredentials, signInPolicy, signUp, signUpInput } from '@/server/auth';
import { ownerQuery } from '@/tests/support/ownerQuery';

const password = 'the right password';

const pauses: number[] = [];
const recordPause = async (ms: number) => void pauses.push(ms);

async function tryWrong(email: string, ip: string) {
  return authorizeCredentials({ email, password: 'a wrong password' }, ip, recordPause).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

describe('credentials sign-in', () => {
  beforeEach(async () => {
    pauses.length = 0;
    await ownerQuery('truncate users, tenants, memberships, sign_in_attempts cascade');
    await signUp(signUpInput.parse({ name: 'Dana', email: 'dana@example.com', password }));
  });

  it('accepts the right password, whatever the email case', async () => {
    const user = await authorizeCredentials({ email: 'DANA@example.com', password }, '10.0.0.1');
    expect(user).toMatchObject({ email: 'dana@example.com', name: 'Dana' });
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    expect(await tryWrong('nobody@example.com', '10.0.0.2')).toBe('auth.invalidCredentials');
    expect(await tryWrong('dana@example.com', '10.0.0.2')).toBe('auth.invalidCredentials');
  });

  it('slows an email down, then locks it, even for the right password, with the count kept in Postgres', async () => {
    const answers: string[] = [];
    for (let i = 0; i < signInPolicy.email.lockAt; i++) answers.push(await tryWrong('dana@example.com', `10.1.0.${i}`));
    expect(pauses).toEqual([1000, 2000]);
    expect(answers.at(-1)).toBe('auth.tooManyAttempts');
    expect(answers.slice(0, -1).every((a) => a === 'auth.invalidCredentials')).toBe(true);

    const refused = await authorizeCredentials({ email: 'dana@example.com', password }, '10.2.0.1', recordPause).catch((e: Error) => e.message);
    expect(refused).toBe('auth.tooManyAttempts');
    const rows = await ownerQuery<{ failures: number }>(`select failures from sign_in_attempts where key = 'email:dana@example.com'`);
    expect(rows[0]!.failures).toBe(signInPolicy.email.lockAt);
  });

  it('lets the email in again once the lock has passed, and clears its failures', async () => {
    for (let i = 0; i < signInPolicy.email.lockAt; i++) await tryWrong('dana@example.com', `10.3.0.${i}`);
    expect(await tryWrong('dana@example.com', '10.3.1.1')).toBe('auth.tooManyAttempts');
    await ownerQuery(`update sign_in_attempts set locked_until = now() - interval '1 second', window_started_at = now() - interval '1 hour'`);

    await expect(authorizeCredentials({ email: 'dana@example.com', password }, '10.4.0.1', recordPause)).resolves.toMatchObject({ name: 'Dana' });
    expect(await ownerQuery(`select 1 from sign_in_attempts where key = 'email:dana@example.com'`)).toHaveLength(0);
  });
});
