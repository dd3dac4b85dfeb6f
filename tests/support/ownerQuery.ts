import pg from 'pg';

let pool: pg.Pool | undefined;

/** Runs SQL as the database owner (no row-level security): for test setup and inspection only. */
export async function ownerQuery<Row extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]> {
  if (!pool) {
    pool = new pg.Pool({ connectionString: process.env.TEST_OWNER_DATABASE_URL, max: 2 });
    // pool.end() resolves before its sockets close; dropping the database at the end of the file
    // then terminates them, and an unheard pool error would crash the run.
    pool.on('error', () => {});
  }
  return (await pool.query<Row>(text, values)).rows;
}

export async function closeOwnerPool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
