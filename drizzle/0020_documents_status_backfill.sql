-- Hand-written: brings the documents rows that migration 0019 left behind to
-- what project_documents now shows. Before 0019 a document showed the next
-- step only once that step's start was recorded, and a short step records its
-- start with its outcome, so a document waiting between two steps when 0019
-- was applied still shows the step before (and a cancel would name it) until
-- its next step ends. Each update below is what 0019's rule gives for the last
-- outcome already recorded: stored (a storage key) → processing at process;
-- processed (a word count) → indexing at index. Rows at any other status
-- (running a step whose start was recorded, ready, failed, cancelled) already
-- show what 0019 would.
-- The table's owner, who runs migrations, is held to its row-level security
-- (FORCE, migration 0005) and matches no policy: without lifting it here, a
-- non-superuser owner would update no row at all. The migration's transaction
-- puts it back before anyone else can see the table.
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE documents SET status = 'processing', current_step = 'process'
 WHERE status = 'uploading' AND storage_key IS NOT NULL;
--> statement-breakpoint
UPDATE documents SET status = 'indexing', current_step = 'index'
 WHERE status = 'processing' AND current_step = 'process' AND word_count IS NOT NULL;
--> statement-breakpoint
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
