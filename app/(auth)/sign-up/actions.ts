'use server';
import { signUp, signUpInput } from '@/server/auth';
import { formStateFromError, type FormState } from '@/app/_components/formState';

export type SignUpState = FormState & { workspaceSlug?: string };

/** Creates the account and its first workspace; the form then signs in with the same credentials. */
export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  try {
    const input = signUpInput.parse(Object.fromEntries(form));
    const { tenant } = await signUp(input);
    return { workspaceSlug: tenant.slug };
  } catch (error) {
    return { ...formStateFromError(error), values: { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') } };
  }
}
