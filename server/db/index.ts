import 'server-only';
export { getDb, closeDb, type Database, type Transaction, type Executor } from './client';
export { withTenant, withUser, withSecretLookup } from './withTenant';
export { inTransaction, inSavepoint, afterCommit } from './afterCommit';
export { PreparingClient } from './preparingClient';
export { deferringStatements, deferrable } from './deferredStatements';
export { migrateDatabase } from './migrate';
export { startEmbeddedPostgres, EmbeddedPostgresVersionError, type EmbeddedPostgresHandle } from './embeddedPostgres';
export { ensureAppLogin, bypassesRowLevelSecurity, assertRowLevelSecurityBinds, appRoleName } from './appRole';
