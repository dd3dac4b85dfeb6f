import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/server/config';
// The settings file itself, not the module's index: the proxy needs no server.
import { connectSourcesOf, realtimeSettings } from '@/server/realtime/settings';

/**
 * A per-request nonce and the Content-Security-Policy that allows only
 * scripts carrying it; Next.js adds the nonce to its own scripts while it
 * renders (every Tramite page is rendered per request).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy(nonce, request.nextUrl.protocol === 'https:', realtimeSources(request.nextUrl.hostname));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  // The page asked for, for a workspace page to send a signed-out visitor back to it after signing in (returnPathFor.ts).
  requestHeaders.set('x-request-path', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

/** Where pusher-js may connect: the embedded server beside this host, another Pusher-compatible server, or hosted Pusher. */
function realtimeSources(hostname: string): string[] {
  const settings = realtimeSettings(getConfig());
  return settings ? connectSourcesOf(settings, hostname) : [];
}

function contentSecurityPolicy(nonce: string, https: boolean, realtime: string[]): string {
  const development = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    ["connect-src 'self'", ...realtime].join(' '),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
