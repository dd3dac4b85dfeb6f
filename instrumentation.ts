/**
 * Runs once when the web server starts. A database login that could read past
 * row-level security would turn every forgotten scope into a leak, so
 * production refuses to serve with one.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { assertRowLevelSecurityBinds } = await import('@/server/db');
  await assertRowLevelSecurityBinds();
}
