import type { RealtimeContext } from './context';
import { isPublishableChannelName, limits, socketIdPattern, userChannelPrefix } from './names';
import { encodeFrame } from './protocol';
import { encodeTextFrame } from './wireFrame';

/** One event as the HTTP API receives it, after validation. */
export type PublishedEvent = { name: string; data: string; channels: string[]; socketId?: string };

export type Invalid = { status: 400 | 413; error: string };

/** Validates one event of `events` or `batch_events`; limits are those of hosted Pusher. */
export function validateEvent(input: Record<string, unknown>): PublishedEvent | Invalid {
  const { name, data, socket_id: socketId } = input;
  if (typeof name !== 'string' || name === '') return { status: 400, error: 'name must be a non-empty string' };
  if (name.length > limits.eventNameLength) return { status: 400, error: `name is longer than ${limits.eventNameLength} characters` };
  if (typeof data !== 'string') return { status: 400, error: 'data must be a string' };
  if (Buffer.byteLength(data, 'utf8') > limits.eventDataBytes) return { status: 413, error: `data is larger than ${limits.eventDataBytes} bytes` };
  const channels = Array.isArray(input.channels) ? input.channels : input.channel !== undefined ? [input.channel] : [];
  if (channels.length === 0) return { status: 400, error: 'channels must name at least one channel' };
  if (channels.length > limits.channelsPerTrigger) return { status: 400, error: `at most ${limits.channelsPerTrigger} channels per event` };
  for (const channel of channels) {
    if (typeof channel !== 'string' || !isPublishableChannelName(channel)) return { status: 400, error: 'invalid channel name' };
  }
  if (socketId !== undefined && (typeof socketId !== 'string' || !socketIdPattern.test(socketId))) {
    return { status: 400, error: 'socket_id must look like 123.456' };
  }
  return { name, data, channels: channels as string[], socketId };
}

/** Fans one event out to its channels; the socket named by socket_id (the publisher's own) is skipped. */
export function publish(context: RealtimeContext, event: PublishedEvent): void {
  const except = event.socketId === undefined ? undefined : context.connections.get(event.socketId);
  for (const channel of event.channels) {
    const frame = encodeFrame(event.name, event.data, channel);
    if (channel.startsWith(userChannelPrefix)) {
      const sockets = [...(context.users.get(channel.slice(userChannelPrefix.length)) ?? [])].filter((connection) => connection !== except);
      if (sockets.length === 0) continue;
      const encoded = encodeTextFrame(frame);
      for (const connection of sockets) if (connection.sendEncoded(encoded)) context.deliveries += 1;
      continue;
    }
    context.deliveries += context.channels.get(channel)?.broadcast(frame, except) ?? 0;
  }
}
