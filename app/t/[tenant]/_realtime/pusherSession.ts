import Pusher from 'pusher-js';
import type { BrowserRealtimeSettings } from '@/server/realtime';
import { pusherOptionsOf } from './pusherOptions';

/**
 * One pusher-js connection per page session. Switching workspace remounts the
 * workspace layout; the socket stays and only the channels change. When no
 * workspace page holds it any more (the commit that unmounted the last one
 * mounted no other), it is closed.
 */
let session: { settings: string; pusher: Pusher; holders: number } | null = null;

export function holdPusher(settings: BrowserRealtimeSettings): Pusher {
  const wanted = JSON.stringify(settings);
  if (session?.settings !== wanted) {
    session?.pusher.disconnect();
    session = { settings: wanted, pusher: new Pusher(settings.key, pusherOptionsOf(settings, window.location.hostname)), holders: 0 };
  }
  session.holders += 1;
  return session.pusher;
}

export function releasePusher(pusher: Pusher): void {
  if (session?.pusher !== pusher) return;
  session.holders -= 1;
  // React runs the new layout's effects right after the old one's cleanups: wait for them.
  queueMicrotask(() => {
    if (session?.pusher !== pusher || session.holders > 0) return;
    pusher.disconnect();
    session = null;
  });
}
