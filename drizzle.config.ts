import { defineConfig } from 'drizzle-kit';

// Tables live with the module that owns them: server/<module>/schema.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/*/schema.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? '' },
});
