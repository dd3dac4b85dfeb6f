import { randomUUID } from 'node:crypto';

export const requestIdHeader = 'x-request-id';

/** Ids a proxy or load balancer may have set; anything else could forge log lines, so it is replaced. */
const acceptable = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request's id: the `x-request-id` an upstream proxy set, when it looks like one, else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(requestIdHeader);
  return given && acceptable.test(given) ? given : randomUUID();
}
