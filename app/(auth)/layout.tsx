import { redirect } from 'next/navigation';
import { getSessionUser } from '@/server/auth';
import { CardPage } from '@/app/_components/CardPage';

/** Sign-in and sign-up: a centred card; signed-in people go straight to their workspace. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getSessionUser()) redirect('/');
  return <CardPage>{children}</CardPage>;
}
