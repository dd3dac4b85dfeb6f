import { redirect } from 'next/navigation';
import { getSessionUser } from '@/server/auth';
import { listTenantsForUser } from '@/server/tenancy';

/** `/` takes a signed-in person to their first workspace, anyone else to sign-in. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  const [home] = await listTenantsForUser(user.id);
  redirect(home ? `/t/${home.slug}/documents` : '/workspaces/new');
}
