'use client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useState } from 'react';
import type { BrowserRealtimeSettings } from '@/server/realtime';
import { useTRPC } from '@/app/_components/trpc';
import { NotificationToasts } from '../notifications/NotificationToasts';
import type { NotificationEntry } from '../notifications/useNotifications';
import { useLiveChannels, type LiveState } from './useLiveChannels';

const LiveStateContext = createContext<LiveState>('off');

/** Whether live updates are flowing, for components that must fall back to refreshing themselves. */
export function useLiveState(): LiveState {
  return useContext(LiveStateContext);
}

const toastsAtOnce = 3;

type Props = { settings: BrowserRealtimeSettings | null; tenant: { id: string; slug: string }; userId: string; children: React.ReactNode };

/**
 * Live updates for a workspace's pages (see useLiveChannels), and a toast for
 * each notification of this workspace that arrives while the page is open.
 * The user channel carries the person's notifications of every workspace;
 * those of others are left to their own workspace's bell.
 */
export function RealtimeProvider({ settings, tenant, userId, children }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<NotificationEntry[]>([]);

  const showNotification = useCallback(
    async (id: string) => {
      const latest = await queryClient.fetchQuery({ ...trpc.notifications.list.queryOptions({ limit: 5 }), staleTime: 0 }).catch(() => null);
      const notification = latest?.items.find((item) => item.id === id);
      if (notification) setToasts((shown) => (shown.some((toast) => toast.id === id) ? shown : [...shown, notification].slice(-toastsAtOnce)));
    },
    [queryClient, trpc],
  );
  const onNotificationCreated = useCallback(
    (id: string) => {
      void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
      void showNotification(id);
    },
    [queryClient, trpc, showNotification],
  );
  const dismiss = useCallback((id: string) => setToasts((shown) => shown.filter((toast) => toast.id !== id)), []);

  const state = useLiveChannels({ settings, tenantId: tenant.id, userId, onNotificationCreated });
  return (
    <LiveStateContext value={state}>
      {children}
      <NotificationToasts tenant={tenant.slug} toasts={toasts} onDismiss={dismiss} />
    </LiveStateContext>
  );
}
