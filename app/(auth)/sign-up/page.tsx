import { getTranslations } from 'next-intl/server';
import { returnPath } from '../returnPath';
import { SignUpForm } from './SignUpForm';

export async function generateMetadata() {
  return { title: (await getTranslations('auth'))('signUpTitle') };
}

/**
 * `callbackUrl` (an invitation, say) is where the new account goes; otherwise its own new workspace.
 * `email` fills the email field in: the invitation page passes the address the invitation is for.
 */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; email?: string }> }) {
  const { callbackUrl, email } = await searchParams;
  return <SignUpForm returnTo={returnPath(callbackUrl)} email={email} />;
}
