import type { Connection } from './connection';
import { isValidChannelName, channelKind, userChannelPrefix } from './names';
import { parseChannelData, type PresenceMember } from './presence';
import { dataObject, encodeError, encodeFrame } from './protocol';
import { verifyChannelAuth } from './signatures';

type Refusal = { type: string; error: string; status: number };

function refuseSubscription(connection: Connection, channel: string, refusal: Refusal): void {
  connection.send(JSON.stringify({ event: 'pusher:subscription_error', channel, data: refusal }));
}

/** Who may join: public channels anyone; private and presence only with a valid signature for this socket. */
function admit(connection: Connection, channel: string, data: Record<string, unknown>): { member?: PresenceMember } | Refusal {
  const kind = channelKind(channel);
  if (kind === 'public') return {};
  const app = connection.context.settings;
  if (kind === 'presence') {
    const channelData = data.channel_data;
    if (typeof channelData !== 'string' || !verifyChannelAuth(app, connection.socketId, channel, data.auth, channelData)) {
      return { type: 'AuthError', error: `Invalid signature for ${channel}`, status: 401 };
    }
    const member = parseChannelData(channelData);
    if (!member) return { type: 'AuthError', error: 'channel_data must be a JSON object with a user_id', status: 400 };
    return { member };
  }
  if (!verifyChannelAuth(app, connection.socketId, channel, data.auth)) {
    return { type: 'AuthError', error: `Invalid signature for ${channel}`, status: 401 };
  }
  return {};
}

export function subscribe(connection: Connection, rawData: unknown): void {
  const data = dataObject(rawData);
  const channel = data?.channel;
  if (!data || typeof channel !== 'string') return connection.send(encodeError(null, 'pusher:subscribe needs data.channel'));
  if (channel.startsWith(userChannelPrefix)) return subscribeToOwnUserChannel(connection, channel);
  if (!isValidChannelName(channel)) {
    return refuseSubscription(connection, channel.slice(0, 200), { type: 'InvalidChannel', error: 'Invalid channel name', status: 400 });
  }
  const admission = admit(connection, channel, data);
  if ('status' in admission) return refuseSubscription(connection, channel, admission);

  const { context } = connection;
  const { channel: joined, memberAdded } = context.channels.add(channel, connection, admission.member);
  connection.channels.add(channel);
  if (memberAdded && admission.member) {
    const { userId, userInfo } = admission.member;
    joined.broadcast(encodeFrame('pusher_internal:member_added', { user_id: userId, user_info: userInfo }, channel), connection);
  }
  const succeeded = joined.members ? joined.members.snapshot() : {};
  connection.send(encodeFrame('pusher_internal:subscription_succeeded', succeeded, channel));
}

/**
 * pusher-js subscribes to `#server-to-user-{id}` after sign-in; sendToUser
 * reaches signed-in sockets directly, so this only confirms the socket's own id.
 */
function subscribeToOwnUserChannel(connection: Connection, channel: string): void {
  if (connection.userId === undefined || channel !== `${userChannelPrefix}${connection.userId}`) {
    return refuseSubscription(connection, channel.slice(0, 200), { type: 'AuthError', error: 'Only the signed-in user may join their own channel', status: 403 });
  }
  connection.send(encodeFrame('pusher_internal:subscription_succeeded', {}, channel));
}

export function unsubscribe(connection: Connection, rawData: unknown): void {
  const channel = dataObject(rawData)?.channel;
  if (typeof channel !== 'string') return connection.send(encodeError(null, 'pusher:unsubscribe needs data.channel'));
  leave(connection, channel);
}

export function unsubscribeAll(connection: Connection): void {
  for (const channel of connection.channels) leave(connection, channel);
}

function leave(connection: Connection, channel: string): void {
  connection.channels.delete(channel);
  const { channel: left, memberRemoved } = connection.context.channels.remove(channel, connection);
  if (left && memberRemoved) left.broadcast(encodeFrame('pusher_internal:member_removed', { user_id: memberRemoved.userId }, channel));
}
