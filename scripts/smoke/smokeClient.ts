import superjson from 'superjson';

/**
 * What a person's browser does, in a few requests: cookies kept between
 * them, the same-origin header a form sends, and tRPC read over HTTP.
 */
export class SmokeClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    headers.set('origin', new URL(this.baseUrl).origin);
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const separator = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1).trim());
    }
    return response;
  }

  /** next-auth's credentials sign-in: a CSRF token, then the form post; the session it set answers with our email. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request('/api/auth/csrf');
    if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: this.baseUrl, json: 'true' });
    const callback = await this.request('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    if (callback.status === 401) throw new Error('refused: wrong email or password, or the account is locked for a while');
    if (callback.status >= 400) throw new Error(`the sign-in form answered ${callback.status}`);
    const session = (await (await this.request('/api/auth/session')).json()) as { user?: { email?: string } };
    if (session.user?.email !== email) throw new Error('signed in with no session: wrong email or password, or the account is locked');
  }

  /** A tRPC query, as the web app makes it (superjson on the wire). */
  async query<T>(procedure: string, input: unknown, tenant?: string): Promise<T> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const response = await this.request(`/api/trpc/${procedure}?input=${encoded}`, { headers: tenant ? { 'x-tenant': tenant } : {} });
    const body = (await response.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json?: { message?: string } } };
    if (!response.ok || !body.result) throw new Error(`${procedure} answered ${response.status}: ${body.error?.json?.message ?? 'no result'}`);
    return superjson.deserialize<T>(body.result.data);
  }
}
