'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BrowserRealtimeSettings } from '@/server/realtime';
// The names alone, shared with the server that publishes on them (the module's index is server-only).
import { liveEvents, tenantChannel, userChannel } from '@/server/realtime/channelNames';
import { useTRPC } from '@/app/_components/trpc';
import { holdPusher, releasePusher } from './pusherSession';
import { hintBatcher } from './hintBatcher';

/**
 * What the page can rely on: `live` once both channels are subscribed;
 * `reconnecting` after a live connection dropped; `unavailable` when the
 * socket never connected or a subscription was refused; `off` when the
 * server has no realtime settings.
 */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'unavailable';

/** What pusher-js's connection and channels share: event handlers bound and unbound by name. */
type Bindable = { bind(event: string, handler: (data: never) => void): unknown; unbind(event: string, handler: (data: never) => void): unknown };

type Options = { settings: BrowserRealtimeSettings | null; tenantId: string; userId: string; onNotificationCreated: (id: string) => void };

/**
 * Subscribes to the workspace's channel and the user's own, and turns what
 * arrives into refetches: a document hint refetches the document list and that
 * document; a notification refetches the notification queries. Each
 * subscription that (re)starts refetches what its channel covers, and a socket
 * that reconnects refetches everything: whatever happened while the page was
 * not listening is read from the database.
 */
export function useLiveChannels({ settings, tenantId, userId, onNotificationCreated }: Options): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>(settings ? 'connecting' : 'off');
  const notificationHandler = useRef(onNotificationCreated);
  useEffect(() => {
    notificationHandler.current = onNotificationCreated;
  });
  const settingsKey = settings && JSON.stringify(settings);

  useEffect(() => {
    if (!settingsKey) return;
    const pusher = holdPusher(JSON.parse(settingsKey) as BrowserRealtimeSettings);
    const tenant = pusher.subscribe(tenantChannel(tenantId));
    const user = pusher.subscribe(userChannel(userId));
    const refused = new Set<string>();
    let everConnected = pusher.connection.state === 'connected';
    // "Reconnecting" is for a page that was listening and lost it, not for one whose first subscriptions are still on their way.
    let everLive = false;

    const report = () => {
      const connection = pusher.connection.state;
      if (refused.size > 0 || connection === 'failed' || (connection === 'unavailable' && !everConnected)) setState('unavailable');
      else if (connection === 'connected' && tenant.subscribed && user.subscribed) {
        everLive = true;
        setState('live');
      } else setState(everLive ? 'reconnecting' : 'connecting');
    };
    const hints = hintBatcher((documentIds) => {
      void queryClient.invalidateQueries({ queryKey: trpc.documents.list.pathKey() });
      for (const id of documentIds) void queryClient.invalidateQueries({ queryKey: trpc.documents.get.queryKey({ id }) });
    });
    const refetchOnSubscribed = (channel: string, queryKey: readonly unknown[]) => () => {
      refused.delete(channel);
      void queryClient.invalidateQueries({ queryKey });
      report();
    };
    const refuse = (channel: string) => (status: unknown) => {
      refused.add(channel);
      console.warn('live updates refused', channel, status);
      report();
    };
    const handlers = {
      stateChange: ({ current }: { current: string }) => {
        if (current === 'connected') {
          if (everConnected) void queryClient.invalidateQueries();
          everConnected = true;
        }
        report();
      },
      documentChanged: (hint: { documentId?: unknown }) => {
        if (typeof hint?.documentId === 'string') hints.add(hint.documentId);
      },
      notificationCreated: (message: { id?: unknown }) => {
        if (typeof message?.id === 'string') notificationHandler.current(message.id);
      },
      tenantSubscribed: refetchOnSubscribed(tenant.name, trpc.documents.pathKey()),
      userSubscribed: refetchOnSubscribed(user.name, trpc.notifications.pathKey()),
      tenantRefused: refuse(tenant.name),
      userRefused: refuse(user.name),
    };

    // Bound here, unbound on cleanup: one list, so the two cannot drift apart.
    const bindings: [Bindable, string, (data: never) => void][] = [
      [pusher.connection, 'state_change', handlers.stateChange],
      [tenant, liveEvents.documentChanged, handlers.documentChanged],
      [tenant, 'pusher:subscription_succeeded', handlers.tenantSubscribed],
      [tenant, 'pusher:subscription_error', handlers.tenantRefused],
      [user, liveEvents.notificationCreated, handlers.notificationCreated],
      [user, 'pusher:subscription_succeeded', handlers.userSubscribed],
      [user, 'pusher:subscription_error', handlers.userRefused],
    ];
    for (const [target, event, handler] of bindings) target.bind(event, handler);
    report();

    return () => {
      hints.cancel();
      for (const [target, event, handler] of bindings) target.unbind(event, handler);
      pusher.unsubscribe(tenant.name);
      pusher.unsubscribe(user.name);
      releasePusher(pusher);
    };
  }, [settingsKey, tenantId, userId, queryClient, trpc]);

  return state;
}
