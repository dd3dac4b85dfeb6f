import type { NextAuthOptions } from 'next-auth';
import CredentialsModule from 'next-auth/providers/credentials';

// next-auth 4 ships CommonJS: Node's ESM loader (worker, scripts) sees its
// default export one level down, while the Next bundler unwraps it.
const Credentials = ((CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ?? CredentialsModule);
import { authorizeCredentials } from './authorizeCredentials';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string };
  }
}

function clientIp(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || String(headers?.['x-real-ip'] ?? 'unknown');
}

/**
 * Sessions are signed JWT cookies: they need no table and survive restarts
 * as long as NEXTAUTH_SECRET stays the same (kept under .data/ in development).
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [
    Credentials({
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      authorize: (credentials, req) => authorizeCredentials(credentials, clientIp(req?.headers)),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.sub!, email: token.email ?? '', name: token.name ?? '' };
      return session;
    },
  },
};
