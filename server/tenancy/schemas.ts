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

const roleSchema = z.enum(['owner', 'admin', 'member', 'viewer'], { error: 'validation.roleInvalid' });

export const inviteMemberInput = z.object({
  email: z.string({ error: 'validation.required' }).trim().toLowerCase().pipe(z.email({ error: 'validation.emailInvalid' })),
  role: roleSchema,
});
export const changeRoleInput = z.object({ userId: z.uuid({ error: 'validation.invalid' }), role: roleSchema });
export const memberIdInput = z.object({ userId: z.uuid({ error: 'validation.invalid' }) });
export const createApiTokenInput = z.object({
  name: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(60, { error: 'validation.nameTooLong' }),
  role: roleSchema.exclude(['owner']),
});
export const idInput = z.object({ id: z.uuid({ error: 'validation.invalid' }) });
