import { describe, expect, it } from 'vitest';
import { pusherOptionsOf } from '@/app/t/[tenant]/_realtime/pusherOptions';
import { parseConfig } from '@/server/config';
import { browserSettingsOf, realtimeSettings } from '@/server/realtime/settings';

const secret = 'a-development-secret-of-32-chars!';
const browserOptions = (env: Record<string, string>, pageHostname: string) => {
  const settings = realtimeSettings(parseConfig({ NEXTAUTH_SECRET: secret, ...env }));
  if (!settings) throw new Error('no realtime settings');
  return pusherOptionsOf(browserSettingsOf(settings), pageHostname);
};
const embedded = { REALTIME_APP_ID: 'app', REALTIME_KEY: 'embedded-key', REALTIME_SECRET: 'an-embedded-secret-0123' };

describe('pusherOptionsOf', () => {
  it('sends the browser to the embedded server on the host the page came from, at REALTIME_PORT, over plain ws', () => {
    const options = browserOptions({ ...embedded, REALTIME_PORT: '6101', REALTIME_HOST: '0.0.0.0' }, 'tramite.example.org');
    expect(options).toMatchObject({ wsHost: 'tramite.example.org', wsPort: 6101, wssPort: 6101, forceTLS: false, enabledTransports: ['ws', 'wss'], disableStats: true });
    expect(options.channelAuthorization).toEqual({ endpoint: '/api/realtime/auth', transport: 'ajax' });
  });

  it('sends the browser to a self-hosted Pusher-compatible server by its host and port, with TLS when asked', () => {
    const options = browserOptions({ ...embedded, PUSHER_APP_ID: '1', PUSHER_KEY: 'hosted-key', PUSHER_SECRET: 'hosted-secret', PUSHER_HOST: 'ws.example.org', PUSHER_PORT: '8443', PUSHER_USE_TLS: 'true' }, 'tramite.example.org');
    expect(options).toMatchObject({ wsHost: 'ws.example.org', wsPort: 8443, wssPort: 8443, forceTLS: true, enabledTransports: ['ws', 'wss'] });
  });

  it("leaves hosted Pusher's host to its cluster, and never the page's host", () => {
    const options = browserOptions({ PUSHER_APP_ID: '1', PUSHER_KEY: 'hosted-key', PUSHER_SECRET: 'hosted-secret', PUSHER_CLUSTER: 'eu' }, 'tramite.example.org');
    expect(options).toMatchObject({ cluster: 'eu', forceTLS: true, enabledTransports: ['ws', 'wss'], disableStats: true });
    expect(options.wsHost).toBeUndefined();
    expect(JSON.stringify(options)).not.toContain('secret');
  });
});
