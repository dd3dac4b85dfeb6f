import { getTranslations } from 'next-intl/server';
import { SignUpForm } from './SignUpForm';

export async function generateMetadata() {
  return { title: (await getTranslations('auth'))('signUpTitle') };
}

export default function SignUpPage() {
  return <SignUpForm />;
}
