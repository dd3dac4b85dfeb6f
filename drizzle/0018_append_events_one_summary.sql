-- Hand-written: append_events as in 0015, with the stream summary upserted
-- once per append rather than once per event. Its row ends as the last
-- event leaves it (the upsert keeps the highest version), so the events
-- before the last one only wrote row versions to be overwritten in the same
-- statement: a workflow step appends three or four events, and these
-- upserts were a fifth of its statement time. A new stream's first event is
-- still upserted as it is inserted, since it names the stream's first type
-- and start.
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
  -- The last event whose stream summary is still to be upserted.
  v_summary_due events;
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
        WHEN 'project_stream_summaries' THEN
          IF v_next = 1 THEN
            PERFORM project_stream_summaries(v_row);
          ELSE
            v_summary_due := v_row;
          END IF;
        WHEN 'project_documents' THEN PERFORM project_documents(v_row);
        ELSE EXECUTE format('SELECT %s($1)', (v_handlers ->> h)::regproc) USING v_row;
      END CASE;
    END LOOP;
    v_appended := v_appended || jsonb_build_array(jsonb_build_object(
      'position', v_row.position, 'recordedAt', v_row.recorded_at, 'transactionId', v_row.transaction_id::text));
  END LOOP;
  IF v_summary_due.event_id IS NOT NULL THEN
    PERFORM project_stream_summaries(v_summary_due);
  END IF;
  RETURN jsonb_build_object('outcome', 'appended', 'version', v_version, 'alreadyStored', to_jsonb(v_stored), 'events', v_appended);
END
$$;
