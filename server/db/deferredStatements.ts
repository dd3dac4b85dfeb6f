import pg from 'pg';

type Callback = (error: Error | null, result?: pg.QueryResult) => void;

/** Starts the text of a statement whose answer nobody reads (see `deferrable`). */
const deferrableMark = '/* deferrable */ ';

/**
 * Marks a statement, without parameters, whose answer its caller does not
 * read (a workspace's scope): inside a transaction on the app's connections
 * it is held back and sent with the transaction's next statement, so it
 * costs no round trip of its own. Its error, if any, fails that next
 * statement, and with it the transaction.
 */
export function deferrable(text: string): string {
  return deferrableMark + text;
}

const emptyResult = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * A client that holds back, inside a transaction, the statements whose
 * answer nobody waits for: Drizzle's bare `begin`, and those marked
 * `deferrable` (a workspace's scope). They are sent with the
 * transaction's next statement: in the same text when that statement has no
 * parameters (several commands, one round trip), just before it otherwise.
 * A rollback (to a savepoint, too) drops the marked ones, which never
 * reached the server. Each round trip saved matters: on a small machine it
 * costs more in system calls and wake-ups than the statement itself.
 *
 * Nothing is reordered: Postgres sees the same commands in the same order on
 * the same connection, only in fewer network exchanges.
 */
export function deferringStatements(Base: typeof pg.Client): typeof pg.Client {
  class DeferringStatements extends (Base as unknown as new (config?: string | pg.ClientConfig) => pg.Client) {
    /** Texts held back, in order; `begin` first when the server has not seen the transaction start. */
    private held: string[] = [];
    private inTransaction = false;

    // node-postgres's overloads, all accepted: (text | config, values?, callback?).
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      if (typeof values === 'function') [callback, values] = [values, undefined];
      const send = (super.query as (...args: unknown[]) => never).bind(this);
      const text = plainText(config, values);
      // Drizzle's own statements are bare texts answered by promises; only those are held.
      if (typeof callback !== 'function' && text !== undefined) {
        if (text === 'begin' && !this.inTransaction) {
          this.inTransaction = true;
          this.held.push(text);
          return Promise.resolve(emptyResult('BEGIN')) as never;
        }
        if (this.inTransaction && text.startsWith(deferrableMark)) {
          this.held.push(text);
          return Promise.resolve(emptyResult('SELECT')) as never;
        }
        if (text === 'commit' || text === 'rollback') this.inTransaction = false;
        // What a rollback undoes need not be sent: all that is held came after the last savepoint the server saw.
        if (text === 'rollback' || text.startsWith('rollback to savepoint ')) this.held = this.held.filter((statement) => statement === 'begin');
      }
      if (this.held.length === 0) return send(config, values, callback);
      const held = this.held.splice(0).join(';');
      if (text !== undefined && typeof callback !== 'function') {
        const joined = `${held};${text}`;
        // Several commands answer with several results: the caller asked for the last.
        const last = send(typeof config === 'string' ? joined : { ...(config as pg.QueryConfig), text: joined }) as Promise<pg.QueryResult | pg.QueryResult[]>;
        return last.then((results) => (Array.isArray(results) ? results.at(-1) : results)) as never;
      }
      if (typeof callback === 'function') {
        return send(held, (error: Error | null) => (error ? (callback as Callback)(error) : send(config, values, callback))) as never;
      }
      // A query object must be handed back as it is: node-postgres runs the two in the order they were given
      // (if the held text fails, the transaction is aborted and the query fails with it).
      if (isSubmittable(config)) {
        (send(held) as Promise<unknown>).catch(() => {});
        return send(config, values);
      }
      return (send(held) as Promise<unknown>).then(() => send(config, values)) as never;
    }
  }
  return DeferringStatements as unknown as typeof pg.Client;
}

/** The text of a statement that can share a round trip with others: one with no parameters, not prepared under a name. */
function plainText(config: unknown, values: unknown): string | undefined {
  if (Array.isArray(values) && values.length > 0) return undefined;
  if (typeof config === 'string') return config;
  if (typeof config !== 'object' || config === null || isSubmittable(config)) return undefined;
  const { text, name, values: own } = config as pg.QueryConfig;
  if (typeof text !== 'string' || name || own?.length) return undefined;
  return text;
}

function isSubmittable(config: unknown): boolean {
  return typeof (config as { submit?: unknown } | null)?.submit === 'function';
}
