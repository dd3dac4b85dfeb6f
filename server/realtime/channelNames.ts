/**
 * Channel names, keyed by tenant and by user (ARCHITECTURE: tenancy rules).
 * Both are private: the channel-auth endpoint signs a subscription only for
 * a member of the workspace, or for the user whose channel it is.
 */
const tenantPrefix = 'private-tenant-';
const userPrefix = 'private-user-';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function tenantChannel(tenantId: string): string {
  return `${tenantPrefix}${tenantId.toLowerCase()}`;
}

export function userChannel(userId: string): string {
  return `${userPrefix}${userId.toLowerCase()}`;
}

/** What a channel name designates, or null for a name Tramite never uses. */
export function parseChannel(name: string): { kind: 'tenant'; tenantId: string } | { kind: 'user'; userId: string } | null {
  if (name.startsWith(tenantPrefix) && uuid.test(name.slice(tenantPrefix.length))) return { kind: 'tenant', tenantId: name.slice(tenantPrefix.length) };
  if (name.startsWith(userPrefix) && uuid.test(name.slice(userPrefix.length))) return { kind: 'user', userId: name.slice(userPrefix.length) };
  return null;
}

/** Event names on those channels. */
export const liveEvents = {
  /** On a tenant channel: a document's log grew; the client refetches what it shows. */
  documentChanged: 'document.changed',
  /** On a user channel: a notification was stored for that user. */
  notificationCreated: 'notification.created',
} as const;
