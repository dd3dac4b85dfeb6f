-- Hand-written: claim_event, the statement that opens every async handler's
-- transaction (server/events/asyncHandlers.ts). It writes the handler's
-- ledger row for the event, unless the row was there already or the
-- workspace is gone (then it returns nothing: not claimed), and returns the
-- event, followed, when p_with_stream, by the event's whole stream, oldest
-- first: a workflow step reads its subject's history, and reading it here
-- spares a round trip. Called with literal arguments, in the same round trip
-- as the transaction's begin and scope; as a function its statements keep
-- their plans for the connection, where the same text sent as one literal
-- statement would be planned on every call.
--
-- Runs as the caller, under row-level security: the workspace's scope is
-- set before it. An event id stored in another workspace is refused by name.
CREATE OR REPLACE FUNCTION claim_event(p_handler text, p_event_id uuid, p_tenant_id uuid, p_with_stream boolean)
RETURNS SETOF events LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_event events;
BEGIN
  INSERT INTO event_handler_ledger (handler, event_id, tenant_id)
  SELECT p_handler, p_event_id, p_tenant_id WHERE EXISTS (SELECT 1 FROM tenants WHERE id = p_tenant_id)
  ON CONFLICT (handler, event_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT * INTO v_event FROM events WHERE event_id = p_event_id AND tenant_id = p_tenant_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Event % not found for handler %', p_event_id, p_handler;
  END IF;
  RETURN NEXT v_event;
  IF p_with_stream THEN
    RETURN QUERY SELECT * FROM events WHERE tenant_id = p_tenant_id AND stream_id = v_event.stream_id ORDER BY stream_version;
  END IF;
END
$$;
