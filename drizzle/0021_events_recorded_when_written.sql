ALTER TABLE "events" ALTER COLUMN "recorded_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
-- Hand-written from here: append_events as in 0018, with each event recorded
-- when it is written (clock_timestamp()) rather than when its transaction
-- began (now(), the column's default until this migration). A workflow
-- step's outcome is appended in the transaction that claimed the step's job,
-- before the step ran, so it was recorded before the step's start whenever
-- that start was committed on its own while the step ran: the timeline went
-- backwards. An event that stands for a moment before it is written (a step's
-- start, appended with its outcome) asks for its transaction's start with
-- "recordedAt": "transactionStart".
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
    INSERT INTO events (event_id, tenant_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at)
    VALUES ((v_event ->> 'eventId')::uuid, p_tenant_id, p_stream_id, v_next, v_event ->> 'type',
            (v_event ->> 'schemaVersion')::integer, v_event -> 'data', p_metadata,
            CASE WHEN v_event ->> 'recordedAt' = 'transactionStart' THEN now() ELSE clock_timestamp() END)
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
