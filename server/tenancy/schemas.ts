import { z } from 'zod';

/** Error messages are i18n keys (messages/*.json); the UI and the API translate them. */
export const workspaceNameSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(2, { error: 'validation.workspaceNameTooShort' })
  .max(60, { error: 'validation.workspaceNameTooLong' });

export const createTenantInput = z.object({ name: workspaceNameSchema });
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const tenantSlugSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/);
