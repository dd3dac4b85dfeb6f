import { getTranslations } from 'next-intl/server';
import { returnPath } from '../returnPath';
import { SignInForm } from './SignInForm';

export async function generateMetadata() {
  return { title: (await getTranslations('auth'))('signInTitle') };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return <SignInForm returnTo={returnPath(callbackUrl) ?? '/'} />;
}
