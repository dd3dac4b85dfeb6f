-- Hand-written: documents indexed before file names were (indexDocumentText.ts,
-- searchVector) get their file name's words in their index, weighted A, as
-- new ones do. Their text's part of the index is kept as it is.
UPDATE document_texts t
   SET search = setweight(to_tsvector(t.search_config::regconfig, regexp_replace(d.file_name, '[._-]+', ' ', 'g')), 'A') || t.search
  FROM documents d
 WHERE d.id = t.document_id AND t.search IS NOT NULL;
