import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { SessionUser } from './authorizeCredentials';
import { authOptions } from './options';

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ? session.user : null;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireSessionUser(returnTo?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : '/sign-in');
  return user;
}
