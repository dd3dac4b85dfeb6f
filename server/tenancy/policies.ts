import { AppError } from '@/server/errors';
import type { Role } from './schema';

/**
 * Every authorization decision in Tramite: role × action. Pages hide what
 * `can` denies; procedures, actions and route handlers call `authorize`,
 * so the server refuses it anyway.
 */
export const policy = {
  'workspace.view': ['owner', 'admin', 'member', 'viewer'],
  'documents.upload': ['owner', 'admin', 'member'],
  'documents.resumeOwn': ['owner', 'admin', 'member'],
  'documents.cancelOwn': ['owner', 'admin', 'member'],
  'documents.resumeAny': ['owner', 'admin'],
  'documents.cancelAny': ['owner', 'admin'],
  'documents.delete': ['owner', 'admin'],
  'members.manage': ['owner', 'admin'],
  'tokens.manage': ['owner', 'admin'],
  'events.browse': ['owner', 'admin'],
  'metrics.view': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof policy;

export function can(role: Role, action: Action): boolean {
  return (policy[action] as readonly Role[]).includes(role);
}

/** Throws `forbidden` when the role may not do the action. */
export function authorize(role: Role, action: Action): void {
  if (!can(role, action)) throw new AppError('forbidden', 'errors.forbidden', { params: { action } });
}
