import 'server-only';
export { logger } from './logger';
