'use client';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/app/_components/trpc';
import type { AppRouter } from '@/server/api';

export type NotificationEntry = inferRouterOutputs<AppRouter>['notifications']['list']['items'][number];

/** A notification's link is a path inside its workspace. */
export function notificationHref(tenant: string, link: string): string {
  return `/t/${tenant}${link}`;
}

/** The caller's notifications, newest first, `pageSize` at a time. */
export function useNotificationPages({ pageSize, unreadOnly = false, enabled = true }: { pageSize: number; unreadOnly?: boolean; enabled?: boolean }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery({
    ...trpc.notifications.list.infiniteQueryOptions({ limit: pageSize, unreadOnly }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    enabled,
  });
  return { query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** Marking read or seen; every notification query refetches afterwards, whichever component is still there. */
export function useNotificationActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  return {
    markRead: useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh })),
    markAllRead: useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh })),
    markSeen: useMutation(trpc.notifications.markSeen.mutationOptions({ onSettled: refresh })),
  };
}
