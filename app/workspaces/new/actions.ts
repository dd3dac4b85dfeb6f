'use server';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/server/auth';
import { inTransaction } from '@/server/db';
import { createTenant, createTenantInput } from '@/server/tenancy';
import { formStateFromError, type FormState } from '@/app/_components/formState';

export async function createWorkspaceAction(_previous: FormState, form: FormData): Promise<FormState> {
  const user = await getSessionUser();
  if (!user) redirect('/sign-in');
  let slug: string;
  try {
    const input = createTenantInput.parse(Object.fromEntries(form));
    slug = (await inTransaction((tx) => createTenant(tx, { name: input.name, ownerId: user.id }))).slug;
  } catch (error) {
    return { ...formStateFromError(error), values: { name: String(form.get('name') ?? '') } };
  }
  redirect(`/t/${slug}/documents`);
}
