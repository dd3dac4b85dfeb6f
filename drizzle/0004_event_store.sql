CREATE TABLE "event_handler_ledger" (
	"handler" text NOT NULL,
	"event_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_handler_ledger_handler_event_id_pk" PRIMARY KEY("handler","event_id")
);
--> statement-breakpoint
ALTER TABLE "event_handler_ledger" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "events" (
	"position" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version" integer NOT NULL,
	"type" text NOT NULL,
	"schema_version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"transaction_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	CONSTRAINT "events_event_id_unique" UNIQUE("event_id"),
	CONSTRAINT "events_stream_version_key" UNIQUE("tenant_id","stream_id","stream_version"),
	CONSTRAINT "events_stream_version_positive" CHECK ("events"."stream_version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stream_summaries" (
	"tenant_id" uuid NOT NULL,
	"stream_id" text NOT NULL,
	"version" integer NOT NULL,
	"first_type" text NOT NULL,
	"last_type" text NOT NULL,
	"last_position" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stream_summaries_tenant_id_stream_id_pk" PRIMARY KEY("tenant_id","stream_id")
);
--> statement-breakpoint
ALTER TABLE "stream_summaries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "event_handler_ledger" ADD CONSTRAINT "event_handler_ledger_event_id_events_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_handler_ledger" ADD CONSTRAINT "event_handler_ledger_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_summaries" ADD CONSTRAINT "stream_summaries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_handler_ledger_event_idx" ON "event_handler_ledger" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "events_transaction_position_idx" ON "events" USING btree ("transaction_id","position");--> statement-breakpoint
CREATE INDEX "events_tenant_position_idx" ON "events" USING btree ("tenant_id","position");--> statement-breakpoint
CREATE INDEX "events_tenant_type_position_idx" ON "events" USING btree ("tenant_id","type","position");--> statement-breakpoint
CREATE INDEX "events_correlation_idx" ON "events" USING btree (("metadata" ->> 'correlationId'));--> statement-breakpoint
CREATE INDEX "events_causation_idx" ON "events" USING btree (("metadata" ->> 'causationId'));--> statement-breakpoint
CREATE INDEX "stream_summaries_tenant_last_position_idx" ON "stream_summaries" USING btree ("tenant_id","last_position");--> statement-breakpoint
CREATE POLICY "event_handler_ledger_isolation" ON "event_handler_ledger" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());--> statement-breakpoint
CREATE POLICY "events_isolation" ON "events" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());--> statement-breakpoint
CREATE POLICY "stream_summaries_isolation" ON "stream_summaries" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());--> statement-breakpoint
-- Hand-written: drizzle-kit cannot express FORCE (policies bind the tables' owner too) or revoking privileges.
ALTER TABLE "events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "event_handler_ledger" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "stream_summaries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The log is append-only for the application: history is rewritten, if ever, only by a deliberate migration.
REVOKE UPDATE, DELETE, TRUNCATE ON "events" FROM tramite_app;
