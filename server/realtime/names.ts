/** Channel kinds and name limits, tested at the start of the name only. */
export type ChannelKind = 'public' | 'private' | 'private-encrypted' | 'presence' | 'user';

const channelNamePattern = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;
/** Channels the Node SDK's sendToUser publishes to; never subscribable by a client. */
export const userChannelPrefix = '#server-to-user-';

export const limits = {
  eventNameLength: 200,
  eventDataBytes: 10 * 1024,
  channelsPerTrigger: 100,
  eventsPerBatch: 10,
} as const;

export function channelKind(name: string): ChannelKind {
  if (name.startsWith('private-encrypted-')) return 'private-encrypted';
  if (name.startsWith('private-')) return 'private';
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith(userChannelPrefix)) return 'user';
  return 'public';
}

export function isValidChannelName(name: string): boolean {
  return channelNamePattern.test(name);
}

/** What the HTTP API may publish to: any valid name, or a user channel with a valid id. */
export function isPublishableChannelName(name: string): boolean {
  if (name.startsWith(userChannelPrefix)) return channelNamePattern.test(name.slice(userChannelPrefix.length));
  return isValidChannelName(name);
}

export const socketIdPattern = /^\d+\.\d+$/;
