import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type AppCredentials = { appId: string; key: string; secret: string };

export function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

export function md5Hex(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

/** Equal-length buffers go to timingSafeEqual; a length mismatch is already a refusal and says nothing secret. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** `auth` is `key:hex(hmac(secret, text))`; the key must be ours, the digest must match. */
function verifyAuthString(app: AppCredentials, auth: unknown, text: string): boolean {
  if (typeof auth !== 'string') return false;
  const colon = auth.indexOf(':');
  if (colon < 0) return false;
  const key = auth.slice(0, colon);
  const digest = auth.slice(colon + 1);
  const keyMatches = constantTimeEqual(key, app.key);
  const digestMatches = constantTimeEqual(digest, sign(app.secret, text));
  return keyMatches && digestMatches;
}

/** Channel authorization: HMAC over `socket_id:channel`, plus `:channel_data` (the exact string sent) for presence. */
export function verifyChannelAuth(app: AppCredentials, socketId: string, channel: string, auth: unknown, channelData?: string): boolean {
  const text = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return verifyAuthString(app, auth, text);
}

/** User sign-in: HMAC over `socket_id::user::user_data`. */
export function verifyUserAuth(app: AppCredentials, socketId: string, auth: unknown, userData: string): boolean {
  return verifyAuthString(app, auth, `${socketId}::user::${userData}`);
}

export type RequestCheck = { ok: true } | { ok: false; status: 401; reason: string };

/**
 * HTTP API request signing (auth_version 1.0): the signature covers
 * `METHOD\npath\n` and every query parameter but auth_signature, sorted by
 * lowercased key and joined as k=v with &; body_md5 must be the MD5 of the
 * raw bytes received, not of a re-serialisation.
 */
export function verifyRequestSignature(
  app: AppCredentials,
  request: { method: string; path: string; query: URLSearchParams; body: Buffer },
  nowSeconds: number,
  timestampWindowSeconds = 600,
): RequestCheck {
  const q = request.query;
  const signature = q.get('auth_signature');
  if (!signature || q.get('auth_key') === null || q.get('auth_timestamp') === null) return refuse('Missing auth parameters');
  if (!constantTimeEqual(q.get('auth_key')!, app.key)) return refuse('Unknown auth_key');
  if (q.get('auth_version') !== '1.0') return refuse('Unsupported auth_version');
  const timestamp = /^\d{1,12}$/.test(q.get('auth_timestamp')!) ? Number(q.get('auth_timestamp')) : NaN;
  if (Number.isNaN(timestamp) || Math.abs(nowSeconds - timestamp) > timestampWindowSeconds) {
    return refuse(`Timestamp expired: given ${q.get('auth_timestamp')}, must be within ${timestampWindowSeconds} s of ${nowSeconds}`);
  }
  const bodyMd5 = q.get('body_md5');
  if (request.body.length > 0 || bodyMd5 !== null) {
    if (bodyMd5 === null || !constantTimeEqual(bodyMd5, md5Hex(request.body))) return refuse('body_md5 does not match the body');
  }
  const pairs = new Map<string, string>();
  for (const [k, v] of q) {
    if (k === 'auth_signature') continue;
    pairs.set(k.toLowerCase(), v);
  }
  const params = [...pairs.keys()]
    .sort()
    .map((k) => `${k}=${pairs.get(k)}`)
    .join('&');
  const expected = sign(app.secret, `${request.method.toUpperCase()}\n${request.path}\n${params}`);
  return constantTimeEqual(signature, expected) ? { ok: true } : refuse('Invalid signature');
}

function refuse(reason: string): RequestCheck {
  return { ok: false, status: 401, reason };
}
