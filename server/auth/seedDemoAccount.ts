import { sql } from 'drizzle-orm';
import { getDb } from '@/server/db';
import { signUp } from './signUp';

export const demoAccount = { name: 'Demo', email: 'demo@tramite.local', password: 'tramite-demo' } as const;

/** Gives an empty database the demo account and its `demo` workspace; never runs in production. */
export async function seedDemoAccount(): Promise<boolean> {
  if (process.env.NODE_ENV === 'production') return false;
  const { rows } = await getDb().execute(sql`select exists (select 1 from users) as "any"`);
  if (rows[0]?.any) return false;
  await signUp(demoAccount, { name: 'Demo', slug: 'demo' });
  return true;
}
