import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether the request's `Authorization: Bearer` token is `expected`,
 * compared in constant time (both sides hashed first, so neither the
 * content nor the length leaks through timing).
 */
export function bearerMatches(request: Request, expected: string): boolean {
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
