-- Hand-written: operational figures across every workspace, for the
-- Prometheus endpoint (/api/metrics, server/observability/metrics). The app
-- role reads the log only inside one workspace (forced row-level security);
-- this one function, run as the tables' owner, hands it the type of each
-- event and, for workflow events, the workflow, step, duration and whether
-- it will be retried. No tenant, stream, payload or metadata leaves it.
--
-- Rows come in the gap-safe order of readAll (transaction id, position),
-- only from transactions older than every one still running, so a reader
-- that keeps the last (transaction id, position) never skips a late commit.
--
-- The owner is bound by the forced policies too (a managed Postgres's owner
-- is no superuser): it gets a read-only policy of its own, which changes
-- nothing it could not already do as the tables' owner.
DO $$ BEGIN EXECUTE format('CREATE POLICY events_owner_reads ON events AS PERMISSIVE FOR SELECT TO %I USING (true)', current_user); END $$;
--> statement-breakpoint
CREATE FUNCTION operational_events_after(p_after_transaction xid8, p_after_position bigint, p_limit integer)
RETURNS TABLE (transaction_id xid8, "position" bigint, type text, workflow text, step text, duration_ms double precision, will_retry boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT e.transaction_id, e.position, e.type,
         CASE WHEN e.type LIKE 'Workflow%' THEN e.data ->> 'workflow' END,
         CASE WHEN e.type LIKE 'Workflow%' THEN e.data ->> 'step' END,
         CASE WHEN e.type IN ('WorkflowStepCompleted', 'WorkflowStepFailed') THEN (e.data ->> 'durationMs')::double precision END,
         CASE WHEN e.type = 'WorkflowStepFailed' THEN (e.data ->> 'willRetry')::boolean END
  FROM public.events e
  WHERE (e.transaction_id, e.position) > (p_after_transaction, p_after_position)
    AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id, e.position
  LIMIT least(greatest(p_limit, 0), 10000)
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION operational_events_after(xid8, bigint, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION operational_events_after(xid8, bigint, integer) TO tramite_app;
