-- Hand-written: an append in one statement (server/events/appendToStream.ts).
-- Before, an append made about seven round trips (begin, set the tenant,
-- take the stream's lock, read its version and the stored ids, insert, the
-- stream_summaries upsert, commit); now, when no JavaScript handler must run
-- in its transaction, it is this one call in a transaction of its own.
--
-- The steps and the rules are those of the code it replaces: appenders to one
-- stream take turns on a transaction-scoped advisory lock; each statement
-- below takes a new snapshot (read committed), so the version read after the
-- lock is the latest committed one; an event id already stored in this stream
-- is skipped (a retried append), in another stream refused; a version that
-- does not match is refused before anything is written. Refusals are
-- returned, not raised, so a caller's open transaction stays usable, as it
-- did. SECURITY INVOKER: row-level security binds every read and write here.
--
-- p_expected: 'any', 'no_stream', 'stream_exists' or the version as digits.
-- p_events: [{eventId, type, schemaVersion, data, sqlHandlers: [function names]}].
-- p_enter_scope: set app.tenant_id for the rest of the transaction (no
-- caller's transaction: the caller's was scoped by withTenant, and stays so).
CREATE FUNCTION append_events(
  p_tenant_id uuid, p_stream_id text, p_expected text, p_events jsonb, p_metadata jsonb, p_enter_scope boolean
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_version integer;
  v_ids uuid[];
  v_stored uuid[];
  v_misplaced uuid;
  v_event jsonb;
  v_row events;
  v_handler text;
  v_next integer;
  v_appended jsonb := '[]';
BEGIN
  IF p_enter_scope THEN
    PERFORM set_config('app.tenant_id', p_tenant_id::text, true);
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('events:' || p_tenant_id::text || ':' || p_stream_id, 0));

  SELECT coalesce(max(stream_version), 0) INTO v_version FROM events WHERE tenant_id = p_tenant_id AND stream_id = p_stream_id;
  SELECT array_agg((e ->> 'eventId')::uuid) INTO v_ids FROM jsonb_array_elements(p_events) e;
  SELECT coalesce(array_agg(event_id), '{}'), (array_agg(event_id) FILTER (WHERE stream_id <> p_stream_id))[1]
    INTO v_stored, v_misplaced
    FROM events WHERE event_id = ANY (v_ids);

  IF v_misplaced IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', 'duplicate', 'eventId', v_misplaced);
  END IF;
  -- Every event already stored: a retry of an append that succeeded.
  IF cardinality(v_stored) = cardinality(v_ids) THEN
    RETURN jsonb_build_object('outcome', 'stored', 'version', v_version, 'alreadyStored', to_jsonb(v_stored));
  END IF;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_version = 0)
          OR (p_expected = 'stream_exists' AND v_version > 0)
          OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_version)) THEN
    RETURN jsonb_build_object('outcome', 'conflict', 'version', v_version);
  END IF;

  v_next := v_version;
  FOR v_event IN
    SELECT e.value FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e (value, n)
     WHERE NOT (e.value ->> 'eventId')::uuid = ANY (v_stored)
     ORDER BY e.n
  LOOP
    v_next := v_next + 1;
    INSERT INTO events (event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata)
    VALUES ((v_event ->> 'eventId')::uuid, p_tenant_id, p_stream_id, v_next, v_event ->> 'type',
            (v_event ->> 'schemaVersion')::integer, v_event -> 'data', p_metadata)
    RETURNING * INTO v_row;
    -- Inline handlers written in SQL (projections with a sqlFunction), in order, on this event's row.
    FOR v_handler IN SELECT jsonb_array_elements_text(coalesce(v_event -> 'sqlHandlers', '[]')) LOOP
      EXECUTE format('SELECT %s($1)', v_handler::regproc) USING v_row;
    END LOOP;
    v_appended := v_appended || jsonb_build_array(to_jsonb(v_row));
  END LOOP;
  RETURN jsonb_build_object('outcome', 'appended', 'version', v_version, 'alreadyStored', to_jsonb(v_stored), 'events', v_appended);
END
$$;
--> statement-breakpoint
-- The stream_summaries read model (server/events/projections/streamSummaries.ts), applied to one event:
-- live by append_events, and by a rebuild in log order. Applying an event twice, or an older one after a newer, changes nothing.
CREATE FUNCTION project_stream_summaries(e events) RETURNS void LANGUAGE sql VOLATILE AS $$
  INSERT INTO stream_summaries AS s (tenant_id, stream_id, version, first_type, last_type, last_position, started_at, updated_at)
  VALUES (e.tenant_id, e.stream_id, e.stream_version, e.type, e.type, e.position, e.recorded_at, e.recorded_at)
  ON CONFLICT (tenant_id, stream_id) DO UPDATE
    SET version = excluded.version, last_type = excluded.last_type, last_position = excluded.last_position, updated_at = excluded.updated_at
    WHERE s.version < excluded.version
$$;
