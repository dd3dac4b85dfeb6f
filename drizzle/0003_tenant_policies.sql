ALTER TABLE "api_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "api_tokens_isolation" ON "api_tokens" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id() or token_hash = app_secret_hash()) WITH CHECK (tenant_id = app_tenant_id() or token_hash = app_secret_hash());--> statement-breakpoint
CREATE POLICY "invitations_isolation" ON "invitations" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id() or token_hash = app_secret_hash()) WITH CHECK (tenant_id = app_tenant_id() or token_hash = app_secret_hash());--> statement-breakpoint
CREATE POLICY "memberships_isolation" ON "memberships" AS PERMISSIVE FOR ALL TO "tramite_app" USING (tenant_id = app_tenant_id() or user_id = app_user_id()) WITH CHECK (tenant_id = app_tenant_id());