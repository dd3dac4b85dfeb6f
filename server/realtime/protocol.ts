/**
 * The wire format of Pusher protocol 7: every frame is a JSON object with an
 * `event` name, an optional `channel` and `data`. Server-originated `data` is
 * a JSON string (pusher-js parses it a second time), except for pusher:error
 * and pusher:subscription_error, whose `data` is an object.
 */
export const closeCodes = {
  unknownApp: 4001,
  pathNotFound: 4005,
  unauthorized: 4009,
  /** 4100–4199: pusher-js backs off, then reconnects. Used for a client that stopped reading. */
  overCapacity: 4100,
  shuttingDown: 4200,
  pongNotReceived: 4201,
  clientEventRateLimit: 4301,
} as const;

export type Frame = { event: string; channel?: string; data?: unknown };

export function encodeFrame(event: string, data: unknown, channel?: string): string {
  const frame: Frame = { event };
  if (channel !== undefined) frame.channel = channel;
  if (data !== undefined) frame.data = typeof data === 'string' ? data : JSON.stringify(data);
  return JSON.stringify(frame);
}

/** pusher:error keeps `data` an object: pusher-js reads `data.code` directly. */
export function encodeError(code: number | null, message: string): string {
  return JSON.stringify({ event: 'pusher:error', data: { code, message } });
}

/** A frame from a client, or the reason it is not one. */
export function decodeFrame(raw: string): Frame | { invalid: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { invalid: 'Frame is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { invalid: 'Frame is not a JSON object' };
  const { event, channel, data } = parsed as Record<string, unknown>;
  if (typeof event !== 'string' || event === '') return { invalid: 'Frame has no event name' };
  if (channel !== undefined && typeof channel !== 'string') return { invalid: 'Frame channel is not a string' };
  return { event, channel, data };
}

/** Clients send `data` as an object, or (some older clients) as a JSON string of one. */
export function dataObject(data: unknown): Record<string, unknown> | undefined {
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
