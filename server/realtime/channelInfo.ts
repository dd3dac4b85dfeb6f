import type { RealtimeContext } from './context';
import { channelKind, isValidChannelName } from './names';

type Answer = { status: 200 | 400 | 404; body: unknown };

function attributes(info: string | null): Set<string> {
  return new Set((info ?? '').split(',').map((a) => a.trim()).filter(Boolean));
}

/** GET /channels: occupied channels, optionally by prefix; user_count only when the prefix is presence-. */
export function listChannels(context: RealtimeContext, query: URLSearchParams): Answer {
  const prefix = query.get('filter_by_prefix') ?? '';
  const info = attributes(query.get('info'));
  if (info.has('user_count') && !prefix.startsWith('presence-')) {
    return { status: 400, body: { error: 'user_count is only available with filter_by_prefix=presence-' } };
  }
  const channels: Record<string, { user_count?: number; subscription_count?: number }> = {};
  for (const channel of context.channels.occupied()) {
    if (!channel.name.startsWith(prefix)) continue;
    const entry: { user_count?: number; subscription_count?: number } = {};
    if (info.has('user_count')) entry.user_count = channel.members?.count ?? 0;
    if (info.has('subscription_count')) entry.subscription_count = channel.subscribers.size;
    channels[channel.name] = entry;
  }
  return { status: 200, body: { channels } };
}

/** GET /channels/{name}: occupied, and user_count (presence only) or subscription_count when asked. */
export function describeChannel(context: RealtimeContext, name: string, query: URLSearchParams): Answer {
  if (!isValidChannelName(name)) return { status: 400, body: { error: 'Invalid channel name' } };
  const info = attributes(query.get('info'));
  const presence = channelKind(name) === 'presence';
  if (info.has('user_count') && !presence) return { status: 400, body: { error: 'user_count is only available on presence channels' } };
  const channel = context.channels.get(name);
  const body: { occupied: boolean; user_count?: number; subscription_count?: number } = { occupied: channel !== undefined };
  if (info.has('user_count')) body.user_count = channel?.members?.count ?? 0;
  if (info.has('subscription_count')) body.subscription_count = channel?.subscribers.size ?? 0;
  return { status: 200, body };
}

/** GET /channels/{name}/users: the ids of a presence channel's members. */
export function channelUsers(context: RealtimeContext, name: string): Answer {
  if (!isValidChannelName(name) || channelKind(name) !== 'presence') return { status: 400, body: { error: 'Only presence channels have users' } };
  const ids = context.channels.get(name)?.members?.userIds() ?? [];
  return { status: 200, body: { users: ids.map((id) => ({ id })) } };
}
