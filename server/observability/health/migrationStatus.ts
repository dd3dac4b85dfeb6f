import journal from '@/drizzle/meta/_journal.json';

type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;

export type MigrationStatus = { shipped: number; pending: string[] };

/**
 * Which migrations this build ships that the database has not applied, by
 * drizzle's own rule: those newer than the last one recorded in
 * drizzle.__drizzle_migrations (none recorded, on a database never migrated).
 */
export async function migrationStatus(query: Query): Promise<MigrationStatus> {
  const { rows } = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as "migrated"`);
  let lastApplied = 0;
  if (rows[0]?.migrated) {
    const applied = await query('select max(created_at)::text as "last" from drizzle.__drizzle_migrations');
    lastApplied = Number(applied.rows[0]?.last ?? 0);
  }
  return { shipped: journal.entries.length, pending: journal.entries.filter((entry) => entry.when > lastApplied).map((entry) => entry.tag) };
}
