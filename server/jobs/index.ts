import 'server-only';
export { createBoss } from './boss';
