import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSessionUser } from '@/server/auth';
import { getConfig } from '@/server/config';
import { browserSettingsOf, realtimeSettings } from '@/server/realtime';
import { can, findMembership } from '@/server/tenancy';
import { NavLink } from '@/app/_components/NavLink';
import { UserMenu } from '@/app/_components/UserMenu';
import { WorkspaceSwitcher } from '@/app/_components/WorkspaceSwitcher';
import { returnPathFor } from './returnPathFor';
import { LiveStatus } from './_realtime/LiveStatus';
import { NotificationBell } from './notifications/NotificationBell';
import { WorkspaceProviders } from './WorkspaceProviders';

/**
 * Every workspace page passes through here: the slug in the URL is accepted
 * only for a member. Anyone else gets the same 404 as for a workspace that
 * does not exist.
 */
export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await requireSessionUser(await returnPathFor(slug));
  const workspace = await findMembership(user.id, slug);
  if (!workspace) notFound();
  const t = await getTranslations('nav');
  // Read per request: the browser learns where to connect from the server, never from a rebuild.
  const realtime = realtimeSettings(getConfig());
  return (
    <WorkspaceProviders workspace={{ id: workspace.id, slug: workspace.slug }} userId={user.id} realtime={realtime && browserSettingsOf(realtime)}>
      <header className="border-b border-slate-200 bg-white">
        {/* Wraps on a phone: the menus go to a second line rather than off the screen. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight text-brand-700">
            Tramite
          </Link>
          <WorkspaceSwitcher current={{ slug: workspace.slug, name: workspace.name }} />
          <div className="flex-1" />
          <LiveStatus />
          <NotificationBell tenant={workspace.slug} />
          <UserMenu user={user} />
        </div>
      </header>
      {/* A sidebar from md up; above the page, as a row that wraps, on a phone. */}
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-4 md:flex-row md:gap-6 md:py-6">
        <nav aria-label={t('label')} className="md:w-44 md:shrink-0">
          <ul className="flex flex-row flex-wrap gap-1 text-sm md:flex-col">
            <li>
              <NavLink href={`/t/${workspace.slug}/documents`}>{t('documents')}</NavLink>
            </li>
            <li>
              <NavLink href={`/t/${workspace.slug}/search`}>{t('search')}</NavLink>
            </li>
            <li>
              <NavLink href={`/t/${workspace.slug}/notifications`}>{t('notifications')}</NavLink>
            </li>
            <li>
              <NavLink href={`/t/${workspace.slug}/settings/members`}>{t('members')}</NavLink>
            </li>
            {can(workspace.role, 'tokens.manage') && (
              <li>
                <NavLink href={`/t/${workspace.slug}/settings/tokens`}>{t('tokens')}</NavLink>
              </li>
            )}
            {can(workspace.role, 'events.browse') && (
              <li>
                <NavLink href={`/t/${workspace.slug}/events`}>{t('events')}</NavLink>
              </li>
            )}
            {can(workspace.role, 'metrics.view') && (
              <li>
                <NavLink href={`/t/${workspace.slug}/workflows`}>{t('workflows')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </WorkspaceProviders>
  );
}
