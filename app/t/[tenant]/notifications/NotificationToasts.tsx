'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { notificationHref, useNotificationActions, type NotificationEntry } from './useNotifications';

const shownForMs = 8000;

/**
 * Notifications that arrived while the page was open, in a polite live
 * region at the corner. Each hides itself after a few seconds, except while
 * the pointer or the focus is on it, and can be dismissed.
 */
export function NotificationToasts({ tenant, toasts, onDismiss }: { tenant: string; toasts: NotificationEntry[]; onDismiss: (id: string) => void }) {
  const t = useTranslations('notifications');
  return (
    <div role="region" aria-label={t('toasts')} aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2">
      {toasts.map((toast) => (
        <Toast key={toast.id} tenant={tenant} notification={toast} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function Toast({ tenant, notification, onDismiss }: { tenant: string; notification: NotificationEntry; onDismiss: (id: string) => void }) {
  const t = useTranslations('notifications');
  const { markRead } = useNotificationActions();
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const paused = hovered || focused;

  const { id } = notification;
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(id), shownForMs);
    return () => clearTimeout(timer);
  }, [paused, onDismiss, id]);

  return (
    <div
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      className="pointer-events-auto flex gap-3 rounded-xl border border-slate-200 bg-white p-3 text-sm shadow-lg"
    >
      {/* Titles carry file names, which may have no space to wrap at. */}
      <div className="min-w-0 flex-1 wrap-anywhere">
        {notification.link ? (
          <Link
            href={notificationHref(tenant, notification.link)}
            onClick={() => {
              markRead.mutate({ ids: [id] });
              onDismiss(id);
            }}
            className="font-semibold text-brand-700 hover:underline"
          >
            {notification.title}
          </Link>
        ) : (
          <p className="font-semibold text-slate-900">{notification.title}</p>
        )}
        {notification.body && <p className="mt-0.5 text-slate-600">{notification.body}</p>}
      </div>
      <button type="button" onClick={() => onDismiss(id)} aria-label={t('dismissNamed', { title: notification.title })} className="self-start rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800">
        <span aria-hidden>×</span>
      </button>
    </div>
  );
}
