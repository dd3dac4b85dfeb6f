-- The application's database role: it owns nothing, is no superuser and
-- cannot bypass row-level security. Migrations run as the tables' owner;
-- the web server and workers connect as tramite_app (a login is given to it
-- by `npm start` on a development machine, or by the operator in production).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tramite_app') THEN
    CREATE ROLE tramite_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tramite_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tramite_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tramite_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tramite_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tramite_app;
--> statement-breakpoint
-- pg-boss installs and migrates its own schema, and creates a table per queue
-- at run time, as the app role: that needs CREATE on the database (its
-- `CREATE SCHEMA IF NOT EXISTS` asks for it even when the schema exists).
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION tramite_app;
--> statement-breakpoint
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO tramite_app', current_database()); END $$;
--> statement-breakpoint
-- The health check reads which migrations are applied.
GRANT USAGE ON SCHEMA drizzle TO tramite_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO tramite_app;
--> statement-breakpoint
-- The per-transaction settings that the policies read. `withTenant()` sets
-- app.tenant_id; `withUser()` sets app.user_id (a person's own memberships,
-- across workspaces); `withSecretLookup()` sets app.secret_hash (the one row
-- whose token the caller already holds: an API token or an invitation link).
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_secret_hash() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.secret_hash', true), '') $$;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
