import 'server-only';
export { startRealtimeServer, type RealtimeServer, type RealtimeStats } from './startRealtimeServer';
export type { RealtimeServerOptions } from './context';
export { closeCodes } from './protocol';
export { realtimeSettings, browserSettingsOf, type RealtimeSettings, type BrowserRealtimeSettings } from './settings';
export { getPublisher, publish, pusherFor, type LiveMessage } from './publisher';
export { tenantChannel, userChannel, parseChannel, liveEvents } from './channelNames';
export { authorizeChannel } from './authorizeChannel';
