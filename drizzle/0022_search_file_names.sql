-- Hand-written: documents indexed before file names were (indexDocumentText.ts,
-- searchVector) get their file name's words in their index, weighted A, after
-- their text's words, as new ones do. The extension is left out, as there.
-- Row-level security is lifted for the owner as in 0020. A text whose index
-- is already at Postgres's 1 MB tsvector limit keeps its index as it is
-- rather than failing the migration, and a row that has A-weighted words
-- already (indexed by the new code) is left alone.
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE document_texts NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT t.document_id, d.file_name FROM document_texts t JOIN documents d ON d.id = t.document_id
     WHERE t.search IS NOT NULL AND ts_filter(t.search, '{a}') = ''::tsvector
  LOOP
    BEGIN
      UPDATE document_texts t
         SET search = t.search || setweight(to_tsvector(t.search_config::regconfig,
                        regexp_replace(regexp_replace(r.file_name, '\.[^.]*$', ''), '[._-]+', ' ', 'g')), 'A')
       WHERE t.document_id = r.document_id;
    EXCEPTION WHEN program_limit_exceeded THEN
      NULL;
    END;
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE document_texts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
