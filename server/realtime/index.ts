import 'server-only';
export { startRealtimeServer, type RealtimeServer } from './startRealtimeServer';
export type { RealtimeServerOptions } from './context';
export { closeCodes } from './protocol';
