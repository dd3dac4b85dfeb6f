export { createTramiteClient, type TramiteClientOptions } from './createTramiteClient';
export type { AppRouter } from '@/server/api';
