/** The public origin for links: NEXTAUTH_URL when set, otherwise the request's own host. */
export function siteUrl(headers: Headers): string {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/$/, '');
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? 'localhost:3000';
  const protocol = headers.get('x-forwarded-proto') ?? 'http';
  return `${protocol}://${host}`;
}
