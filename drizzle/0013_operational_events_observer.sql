-- Hand-written: operational_events_after (0010) runs as a role of its own,
-- not as whoever ran the migrations. Its owner's name is then the same on
-- every cluster, so a backup restores it anywhere (db:restore creates the
-- role first), and the policy that lets it read across workspaces names a
-- role that can do nothing else: no login, no other table, no bypass.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tramite_observer') THEN
    CREATE ROLE tramite_observer NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;
--> statement-breakpoint
-- Handing it the function below needs membership.
GRANT tramite_observer TO CURRENT_USER;
--> statement-breakpoint
-- A function's owner needs CREATE on its schema; nothing logs in as this role to use it otherwise.
GRANT USAGE, CREATE ON SCHEMA public TO tramite_observer;
--> statement-breakpoint
GRANT SELECT ON events TO tramite_observer;
--> statement-breakpoint
CREATE POLICY events_observer_reads ON events AS PERMISSIVE FOR SELECT TO tramite_observer USING (true);
--> statement-breakpoint
ALTER FUNCTION operational_events_after(xid8, bigint, integer) OWNER TO tramite_observer;
--> statement-breakpoint
DROP POLICY IF EXISTS events_owner_reads ON events;
