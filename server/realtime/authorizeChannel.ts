import { AppError } from '@/server/errors';
import { can, listTenantsForUser } from '@/server/tenancy';
import { parseChannel } from './channelNames';
import { getPublisher } from './publisher';

/**
 * The channel-auth decision for pusher-js: a workspace's channel for its
 * members, a user's channel for that user; nothing else. Answers the signed
 * `{ auth }` body pusher-js expects.
 */
export async function authorizeChannel(userId: string, socketId: string, channelName: string): Promise<{ auth: string }> {
  const publisher = getPublisher();
  if (!publisher) throw new AppError('unavailable', 'errors.realtimeUnavailable');
  if (!(await mayJoin(userId, channelName))) throw new AppError('forbidden', 'errors.channelForbidden', { params: { channel: channelName } });
  // The SDK validates the socket id's shape and throws on a malformed one.
  try {
    return publisher.authorizeChannel(socketId, channelName);
  } catch {
    throw new AppError('invalid', 'errors.badSocketId', { field: 'socket_id' });
  }
}

async function mayJoin(userId: string, channelName: string): Promise<boolean> {
  const channel = parseChannel(channelName);
  if (!channel) return false;
  if (channel.kind === 'user') return channel.userId === userId.toLowerCase();
  const tenants = await listTenantsForUser(userId);
  return tenants.some((tenant) => tenant.id === channel.tenantId && can(tenant.role, 'workspace.view'));
}
