import type { Executor } from './client';

/** A statement sent by name: its text must never change while the process runs. */
export type NamedStatement = { name: string; text: string };

/**
 * Runs a hot statement as a named prepared statement: node-postgres parses
 * it once per connection and afterwards sends only the name and the
 * parameters, and Postgres keeps its plan, instead of parsing and planning
 * the text on every call. Works on the pool and inside a transaction, through
 * Drizzle's session (errors are wrapped as Drizzle's are, cause inside).
 */
export async function executeNamed<Row>(executor: Executor, statement: NamedStatement, params: unknown[]): Promise<Row[]> {
  const query = executor._.session.prepareQuery({ sql: statement.text, params }, undefined, statement.name, false);
  const result = (await query.execute()) as { rows: Row[] };
  return result.rows;
}
