import 'server-only';
export { createBoss, getBoss, stopBoss } from './boss';
export { announceJobs, wakeWorkersOnAnnouncements, type QueueWorkers } from './jobAnnouncements';
export { deferredJobInserts, deferredJobCompletion } from './deferredJobStatements';
