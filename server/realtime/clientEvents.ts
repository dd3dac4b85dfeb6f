import type { Connection } from './connection';
import { channelKind, limits } from './names';
import { closeCodes, encodeError, type Frame } from './protocol';

/**
 * `client-*` events: relayed to the channel's other subscribers only when the
 * app enables them, only on private and presence channels the sender has
 * joined (never public: anyone could inject; never encrypted: the server cannot
 * see inside), never echoed, with the sender's user_id on presence channels.
 */
export function relayClientEvent(connection: Connection, frame: Frame): void {
  const { settings, channels } = connection.context;
  if (!settings.enableClientEvents) return connection.send(encodeError(null, 'Client events are not enabled for this app'));
  const name = frame.channel;
  const kind = name === undefined ? undefined : channelKind(name);
  if (name === undefined || (kind !== 'private' && kind !== 'presence')) {
    return connection.send(encodeError(null, 'Client events are only allowed on private and presence channels'));
  }
  const channel = channels.get(name);
  if (!channel || !channel.subscribers.has(connection)) return connection.send(encodeError(null, `Not subscribed to ${name}`));
  if (frame.event.length > limits.eventNameLength) return connection.send(encodeError(null, 'Event name too long'));
  if (!connection.clientEventBudget.take()) {
    return connection.closeWithError(closeCodes.clientEventRateLimit, `More than ${settings.clientEventsPerSecond} client events per second`);
  }
  const encoded = JSON.stringify({ event: frame.event, channel: name, data: frame.data ?? {} });
  if (Buffer.byteLength(encoded) > limits.eventDataBytes + 512) return connection.send(encodeError(null, 'Client event data too large'));
  const member = channel.subscribers.get(connection);
  const relayed = member ? JSON.stringify({ event: frame.event, channel: name, data: frame.data ?? {}, user_id: member.userId }) : encoded;
  connection.context.deliveries += channel.broadcast(relayed, connection);
}

/** At most `perSecond` events in any one-second window (fixed window: simple and enough against floods). */
export class EventBudget {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly perSecond: number) {}

  take(now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += 1;
    return this.used <= this.perSecond;
  }
}
