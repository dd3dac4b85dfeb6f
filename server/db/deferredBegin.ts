import pg from 'pg';

type Callback = (error: Error | null, result?: pg.QueryResult) => void;

/**
 * A client that holds a transaction's bare `begin` back and sends it with the
 * transaction's first statement: in the same text when that statement has no
 * parameters (two commands, one round trip), just before it otherwise. A
 * workspace's transactions start with their scope (withTenant.ts sends it
 * without parameters for this), so each saves a round trip, which on a small
 * machine costs more in system calls and wake-ups than the statement itself.
 *
 * Nothing is sent early or late: Postgres sees the same commands in the same
 * order on the same connection, only fewer network exchanges.
 */
export function deferringBegin(Base: typeof pg.Client): typeof pg.Client {
  class DeferringBegin extends (Base as unknown as new (config?: string | pg.ClientConfig) => pg.Client) {
    private beginHeld = false;

    // node-postgres's overloads, all accepted: (text | config, values?, callback?).
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      if (typeof values === 'function') [callback, values] = [values, undefined];
      const send = (super.query as (...args: unknown[]) => never).bind(this);
      const text = plainText(config, values);
      // Drizzle's `begin`: a bare text, answered by a promise.
      if (!this.beginHeld && typeof callback !== 'function' && text === 'begin') {
        this.beginHeld = true;
        return Promise.resolve({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] } satisfies pg.QueryResult) as never;
      }
      if (!this.beginHeld) return send(config, values, callback);
      this.beginHeld = false;
      if (text !== undefined && typeof callback !== 'function') {
        const joined = typeof config === 'string' ? `begin;${text}` : { ...(config as pg.QueryConfig), text: `begin;${text}` };
        // Two commands answer with two results: the caller asked for the second.
        return (send(joined) as Promise<pg.QueryResult | pg.QueryResult[]>).then((results) => (Array.isArray(results) ? results.at(-1) : results)) as never;
      }
      if (typeof callback === 'function') {
        return send('begin', (error: Error | null) => (error ? (callback as Callback)(error) : send(config, values, callback))) as never;
      }
      // A query object must be handed back as it is: node-postgres runs the two in the order they were given
      // (`begin` fails only with the connection, and the query then fails with it).
      if (isSubmittable(config)) {
        (send('begin') as Promise<unknown>).catch(() => {});
        return send(config, values);
      }
      return (send('begin') as Promise<unknown>).then(() => send(config, values)) as never;
    }
  }
  return DeferringBegin as unknown as typeof pg.Client;
}

/** The text of a statement that can share a round trip with `begin`: one with no parameters, not prepared under a name. */
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
