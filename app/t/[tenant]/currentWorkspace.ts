import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { requireSessionUser } from '@/server/auth';
import { findMembership } from '@/server/tenancy';
import { returnPathFor } from './returnPathFor';

/**
 * The signed-in user and their membership of the workspace `slug`, for a
 * workspace page (the layout has already checked it; `cache` makes this the
 * same lookup within one request). Non-members get the layout's 404.
 */
export const currentWorkspace = cache(async (slug: string) => {
  const user = await requireSessionUser(await returnPathFor(slug));
  const workspace = await findMembership(user.id, slug);
  if (!workspace) notFound();
  return { user, workspace };
});
