import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@/server/api';

export type TramiteClientOptions = {
  /** Where Tramite runs, e.g. https://tramite.example.com */
  url: string;
  /** A workspace API token (Settings → API tokens). */
  token: string;
  /** The workspace's slug; the token must belong to it. */
  tenant: string;
};

/**
 * A typed tRPC client for programs: every procedure of the app router with
 * its input and output types, authenticated by a workspace API token.
 */
export function createTramiteClient({ url, token, tenant }: TramiteClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/$/, '')}/api/trpc`,
        transformer: superjson,
        headers: () => ({ authorization: `Bearer ${token}`, 'x-tenant': tenant }),
      }),
    ],
  });
}
