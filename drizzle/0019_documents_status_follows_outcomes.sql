-- Hand-written: project_documents (0016) shows the next step as soon as a
-- step's outcome is recorded (DocumentUploaded: processing at process;
-- DocumentProcessingCompleted: indexing at index), as that outcome is what
-- enqueues the next step's job. A short step records its start with its
-- outcome (stepStart.ts), so until now a stored document showed "uploading"
-- while its process step waited in the queue or ran, and a cancel then named
-- the store step, already done. The next step's start now changes nothing
-- shown and leaves the row alone: two updates fewer per document.
CREATE OR REPLACE FUNCTION project_documents(e events) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_id uuid;
  v_status document_status;
  v_step text;
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
      v_step := CASE WHEN v_status = 'ready' THEN NULL ELSE e.data ->> 'step' END;
      UPDATE documents
         SET status = v_status, current_step = v_step, failure_reason = NULL, updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id
         AND (status, current_step, failure_reason) IS DISTINCT FROM (v_status, v_step, NULL);
    WHEN 'WorkflowCancelled' THEN
      UPDATE documents SET status = 'cancelled', updated_at = v_at WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentUploaded' THEN
      UPDATE documents
         SET storage_key = e.data ->> 'storageKey', duplicate_of = (e.data ->> 'duplicateOf')::uuid, status = 'processing', current_step = 'process',
             updated_at = v_at
       WHERE tenant_id = e.tenant_id AND id = v_id;
    WHEN 'DocumentProcessingCompleted' THEN
      UPDATE documents
         SET page_count = (e.data ->> 'pageCount')::integer, word_count = (e.data ->> 'wordCount')::integer, language = e.data ->> 'language',
             status = 'indexing', current_step = 'index', updated_at = v_at
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
