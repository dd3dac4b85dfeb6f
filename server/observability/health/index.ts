import 'server-only';
// Health checks: their own entry point, so that the modules they check (db, jobs, realtime) can import the logger without a cycle.
export { runHealthChecks, healthChecks, type HealthReport, type CheckResult } from './runHealthChecks';
export { migrationStatus, type MigrationStatus } from './migrationStatus';
