import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { can } from '@/server/tenancy';
import { currentWorkspace } from '../currentWorkspace';

/**
 * The workspace `slug` for an event browser page: owners and admins only.
 * Everyone else gets the same 404 as for a page that does not exist.
 */
export const browsableWorkspace = cache(async (slug: string) => {
  const { workspace } = await currentWorkspace(slug);
  if (!can(workspace.role, 'events.browse')) notFound();
  return workspace;
});

/** A URL of the event browser with these query parameters (empty ones left out). */
export function browserHref(slug: string, path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/t/${slug}/events${path}${search ? `?${search}` : ''}`;
}

/** The first value of a search parameter. */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
