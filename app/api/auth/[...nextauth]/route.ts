import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth';
import { observeRoute } from '@/server/observability';

const handler = observeRoute('/api/auth/[...nextauth]', NextAuth(authOptions));
export { handler as GET, handler as POST };
