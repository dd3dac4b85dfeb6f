'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from './trpc';

/** The current workspace's name; opens a list of the user's workspaces and a link to create one. */
export function WorkspaceSwitcher({ current }: { current: { slug: string; name: string } }) {
  const t = useTranslations('workspaces');
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const workspaces = useQuery({ ...trpc.tenants.list.queryOptions(), enabled: open });
  return (
    <div className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
      >
        <span className="sr-only">{t('switcherLabel')}: </span>
        {current.name}
        <span aria-hidden>▾</span>
      </button>
      {open && (
        <div className="absolute left-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <p className="px-3 py-1 text-xs font-semibold uppercase text-slate-500">{t('yourWorkspaces')}</p>
          {workspaces.isPending && <p className="px-3 py-2 text-sm text-slate-500">{t('loading')}</p>}
          {workspaces.isError && <p role="alert" className="px-3 py-2 text-sm text-red-700">{t('loadFailed')}</p>}
          <ul>
            {workspaces.data?.map((workspace) => (
              <li key={workspace.id}>
                <Link
                  href={`/t/${workspace.slug}/documents`}
                  onClick={() => setOpen(false)}
                  aria-current={workspace.slug === current.slug ? 'page' : undefined}
                  className="flex justify-between rounded px-3 py-2 text-sm hover:bg-slate-100 aria-[current=page]:font-semibold"
                >
                  <span>{workspace.name}</span>
                  <span className="text-xs text-slate-500">{t(`roles.${workspace.role}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
          <Link href="/workspaces/new" className="mt-1 block border-t border-slate-100 px-3 py-2 text-sm text-brand-700 hover:bg-slate-100">
            + {t('create')}
          </Link>
        </div>
      )}
    </div>
  );
}
