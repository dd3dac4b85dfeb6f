import 'server-only';
export { createBoss, getBoss, stopBoss } from './boss';
