-- Hand-written: the documents read model as a SQL projection. It was an
-- inline projection in TypeScript, so every append of a document's events
-- (four WorkflowStepStarted among them) opened a transaction for one UPDATE
-- sent from the worker: begin, scope, append, update, commit. Applied here,
-- in the append's own statement, a step's start is one statement again, and
-- the other events' updates cost no round trip. The rules are those of
-- server/documents/projection.ts before (see there): the row is inserted by
-- DocumentUploadRequested and changed by the workflow's events; a running
-- step shows as its status (store: uploading, process: processing, index:
-- indexing, notify: ready), the step as current unless the document is ready.
-- Payloads are read as stored (every event involved is at schema version 1;
-- another version is refused rather than misread). Times are cut to whole
-- milliseconds, as the TypeScript projection wrote them: the documents list
-- pages by (created_at, id) with a cursor that comes back from the browser as
-- a JavaScript date, which would skip rows a microsecond apart.
CREATE OR REPLACE FUNCTION project_documents(e events) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_id uuid;
  v_status document_status;
  v_at timestamptz := date_trunc('milliseconds', e.recorded_at);
BEGIN
  IF e.schema_version <> 1 THEN
    RAISE EXCEPTION 'project_documents reads % at schema version 1, not %', e.type, e.schema_version;
  END IF;
  IF e.type = 'DocumentUploadRequested' THEN
    INSERT INTO documents (id, tenant_id, uploaded_by, file_name, kind, content_type, size_bytes, sha256, status, current_step, created_at, updated_at)
    VALUES ((e.data ->> 'documentId')::uuid, e.tenant_id, (e.data ->> 'uploadedBy')::uuid, e.data ->> 'fileName', (e.data ->> 'kind')::document_kind,
            e.data ->> 'contentType', (e.data ->> 'sizeBytes')::bigint, e.data ->> 'sha256', 'uploading', 'store', v_at, v_at)
    ON CONFLICT DO NOTHING;
    RETURN;
  END IF;
  IF e.type IN ('WorkflowStepStarted', 'WorkflowResumed', 'WorkflowCancelled') THEN
    -- Other workflows' subjects are not documents.
    IF e.data ->> 'workflow' IS DISTINCT FROM 'document' THEN
      RETURN;
    END IF;
    v_id := (e.data ->> 'subjectId')::uuid;
  ELSE
    v_id := (e.data ->> 'documentId')::uuid;
  END IF;
  CASE e.type
    WHEN 'WorkflowStepStarted', 'WorkflowResumed' THEN
      v_status := CASE e.data ->> 'step' WHEN 'store' THEN 'uploading' WHEN 'process' THEN 'processing' WHEN 'index' THEN 'indexing'
                                         WHEN 'notify' THEN 'ready' ELSE 'processing' END;
      UPDATE documents
         SET status = v_status, current_step = CASE WHEN v_status = 'ready' THEN NULL ELSE e.data ->> 'step' END,
             failure_reason = NULL, updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'WorkflowCancelled' THEN
      UPDATE documents SET status = 'cancelled', updated_at = v_at WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentUploaded' THEN
      UPDATE documents SET storage_key = e.data ->> 'storageKey', duplicate_of = (e.data ->> 'duplicateOf')::uuid, updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentProcessingCompleted' THEN
      UPDATE documents
         SET page_count = (e.data ->> 'pageCount')::integer, word_count = (e.data ->> 'wordCount')::integer, language = e.data ->> 'language',
             updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentProcessingFailed' THEN
      UPDATE documents SET status = 'failed', current_step = e.data ->> 'step', failure_reason = e.data ->> 'reason', updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentReady' THEN
      UPDATE documents SET status = 'ready', current_step = NULL, updated_at = v_at WHERE tenant_id = e.tenant_id AND id = v_id;
    ELSE
      NULL;
  END CASE;
END
$$;
--> statement-breakpoint
-- append_events as in 0014, calling project_documents directly (a cached plan) like project_stream_summaries.
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
        WHEN 'project_documents' THEN PERFORM project_documents(v_row);
        ELSE EXECUTE format('SELECT %s($1)', (v_handlers ->> h)::regproc) USING v_row;
      END CASE;
    END LOOP;
    v_appended := v_appended || jsonb_build_array(jsonb_build_object(
      'position', v_row.position, 'recordedAt', v_row.recorded_at, 'transactionId', v_row.transaction_id::text));
  END LOOP;
  RETURN jsonb_build_object('outcome', 'appended', 'version', v_version, 'alreadyStored', to_jsonb(v_stored), 'events', v_appended);
END
$$;
