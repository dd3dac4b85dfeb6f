import type { Role } from './schema';

/**
 * Whether a member with `role` is the workspace's only owner, among its
 * members' `roles`: who may neither leave nor step down. No runtime imports:
 * the members page asks it in the browser, of the list it already shows.
 */
export function isOnlyOwner(role: Role, roles: readonly Role[]): boolean {
  return role === 'owner' && roles.filter((other) => other === 'owner').length === 1;
}
