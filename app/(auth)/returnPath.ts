/**
 * Where to go after signing in or up: only a path on this site, else
 * undefined. An open redirect would let a crafted link send people
 * elsewhere; browsers read `//host` and `/\host` as another site.
 */
export function returnPath(callbackUrl: string | undefined): string | undefined {
  if (!callbackUrl?.startsWith('/') || callbackUrl.startsWith('//') || callbackUrl.startsWith('/\\')) return undefined;
  return callbackUrl;
}
