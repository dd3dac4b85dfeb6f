CREATE TYPE "public"."document_kind" AS ENUM('pdf', 'docx', 'txt', 'md', 'html', 'csv', 'json');--> statement-breakpoint
CREATE TYPE "public"."document_status" AS ENUM('uploading', 'processing', 'indexing', 'ready', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "document_texts" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"body" text NOT NULL,
	"search_config" text DEFAULT 'simple' NOT NULL,
	"search" "tsvector"
);
--> statement-breakpoint
ALTER TABLE "document_texts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"file_name" text NOT NULL,
	"kind" "document_kind" NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"status" "document_status" NOT NULL,
	"current_step" text,
	"failure_reason" text,
	"page_count" integer,
	"word_count" integer,
	"language" text,
	"duplicate_of" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_texts" ADD CONSTRAINT "document_texts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_texts_search_idx" ON "document_texts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "document_texts_tenant_idx" ON "document_texts" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "documents_tenant_created_idx" ON "documents" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "documents_tenant_sha_idx" ON "documents" USING btree ("tenant_id","sha256");--> statement-breakpoint
CREATE POLICY "document_texts_isolation" ON "document_texts" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());--> statement-breakpoint
CREATE POLICY "documents_isolation" ON "documents" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());--> statement-breakpoint
ALTER TABLE "documents" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_texts" FORCE ROW LEVEL SECURITY;
