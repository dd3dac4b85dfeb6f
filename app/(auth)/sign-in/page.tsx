import { getTranslations } from 'next-intl/server';
import { SignInForm } from './SignInForm';

export async function generateMetadata() {
  return { title: (await getTranslations('auth'))('signInTitle') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect would let links send people elsewhere.
  const returnTo = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/';
  return <SignInForm returnTo={returnTo} />;
}
