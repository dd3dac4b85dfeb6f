import 'server-only';
import { headers } from 'next/headers';

/**
 * Where a signed-out visitor of workspace `slug` returns after signing in:
 * the page they asked for (a link to a document in a notification email, a
 * search), which the proxy passes on as `x-request-path`, as long as it is in
 * this workspace; else the workspace's documents.
 */
export async function returnPathFor(slug: string): Promise<string> {
  const workspaceHome = `/t/${slug}/`;
  const asked = (await headers()).get('x-request-path');
  return asked?.startsWith(workspaceHome) ? asked : `${workspaceHome}documents`;
}
