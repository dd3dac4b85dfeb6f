import { getTranslations } from 'next-intl/server';
import { currentWorkspace } from '../currentWorkspace';
import { NotificationList } from './NotificationList';

export async function generateMetadata() {
  return { title: (await getTranslations('notifications'))('title') };
}

export default async function NotificationsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { workspace } = await currentWorkspace((await params).tenant);
  const t = await getTranslations('notifications');
  return (
    <section aria-labelledby="notifications-title" className="flex flex-col gap-6">
      <div>
        <h1 id="notifications-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{t('intro', { workspace: workspace.name })}</p>
      </div>
      <NotificationList tenant={workspace.slug} />
    </section>
  );
}
