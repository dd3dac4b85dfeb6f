-- Hand-written: append_events (migration 0007) answers with what only the
-- database knows of each appended event (position, recorded at, writing
-- transaction), not the whole row: the caller has the rest, and sending each
-- payload back cost every append its size again.
CREATE OR REPLACE FUNCTION append_events(
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
    v_appended := v_appended || jsonb_build_array(jsonb_build_object(
      'position', v_row.position, 'recordedAt', v_row.recorded_at, 'transactionId', v_row.transaction_id::text));
  END LOOP;
  RETURN jsonb_build_object('outcome', 'appended', 'version', v_version, 'alreadyStored', to_jsonb(v_stored), 'events', v_appended);
END
$$;
