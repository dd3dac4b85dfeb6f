-- Hand-written: append_events (migrations 0007, 0008) with nothing that
-- Postgres plans again on every call. pg_stat_statements showed two
-- statements planned on each append, about a third of its time: the check
-- for stored ids (`event_id = ANY (array)`, for which the planner kept
-- choosing a fresh custom plan) and the SQL projections, run through EXECUTE
-- (planned on every call, and the SQL function inside set up again). Now
-- each event's id is looked up on its own (`=`: a plan cached for the
-- connection), and the SQL projections this migration knows are called
-- directly; one added later still runs, through EXECUTE, until a migration
-- names it here too. The batch is walked by index, not by a query per loop.
--
-- Arguments, answers and rules are those of 0007 (see there): the stream's
-- advisory lock, then its version and the stored ids, each read by a
-- statement of its own (a new snapshot: read committed); an id stored in
-- another stream refused, one stored in this stream skipped; the version
-- checked before anything is written; refusals returned, not raised.
CREATE OR REPLACE FUNCTION append_events(
  p_tenant_id uuid, p_stream_id text, p_expected text, p_events jsonb, p_metadata jsonb, p_enter_scope boolean
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_version integer;
  v_stored uuid[] := '{}';
  v_stored_in text;
  v_id uuid;
  v_event jsonb;
  v_row events;
  v_handlers jsonb;
  v_next integer;
  v_appended jsonb := '[]';
BEGIN
  IF p_enter_scope THEN
    PERFORM set_config('app.tenant_id', p_tenant_id::text, true);
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('events:' || p_tenant_id::text || ':' || p_stream_id, 0));

  SELECT coalesce(max(stream_version), 0) INTO v_version FROM events WHERE tenant_id = p_tenant_id AND stream_id = p_stream_id;
  FOR i IN 0 .. v_count - 1 LOOP
    v_id := (p_events -> i ->> 'eventId')::uuid;
    SELECT stream_id INTO v_stored_in FROM events WHERE event_id = v_id;
    IF FOUND THEN
      IF v_stored_in <> p_stream_id THEN
        RETURN jsonb_build_object('outcome', 'duplicate', 'eventId', v_id);
      END IF;
      v_stored := v_stored || v_id;
    END IF;
  END LOOP;

  -- Every event already stored: a retry of an append that succeeded.
  IF cardinality(v_stored) = v_count THEN
    RETURN jsonb_build_object('outcome', 'stored', 'version', v_version, 'alreadyStored', to_jsonb(v_stored));
  END IF;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_version = 0)
          OR (p_expected = 'stream_exists' AND v_version > 0)
          OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_version)) THEN
    RETURN jsonb_build_object('outcome', 'conflict', 'version', v_version);
  END IF;

  v_next := v_version;
  FOR i IN 0 .. v_count - 1 LOOP
    v_event := p_events -> i;
    CONTINUE WHEN (v_event ->> 'eventId')::uuid = ANY (v_stored);
    v_next := v_next + 1;
    INSERT INTO events (event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata)
    VALUES ((v_event ->> 'eventId')::uuid, p_tenant_id, p_stream_id, v_next, v_event ->> 'type',
            (v_event ->> 'schemaVersion')::integer, v_event -> 'data', p_metadata)
    RETURNING * INTO v_row;
    -- Inline handlers written in SQL (projections with a sqlFunction), in order, on this event's row.
    v_handlers := coalesce(v_event -> 'sqlHandlers', '[]');
    FOR h IN 0 .. jsonb_array_length(v_handlers) - 1 LOOP
      CASE v_handlers ->> h
        WHEN 'project_stream_summaries' THEN PERFORM project_stream_summaries(v_row);
        ELSE EXECUTE format('SELECT %s($1)', (v_handlers ->> h)::regproc) USING v_row;
      END CASE;
    END LOOP;
    v_appended := v_appended || jsonb_build_array(jsonb_build_object(
      'position', v_row.position, 'recordedAt', v_row.recorded_at, 'transactionId', v_row.transaction_id::text));
  END LOOP;
  RETURN jsonb_build_object('outcome', 'appended', 'version', v_version, 'alreadyStored', to_jsonb(v_stored), 'events', v_appended);
END
$$;
