import { createHash } from 'node:crypto';
import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/**
 * Distinct statements one connection keeps prepared; past it, new texts go
 * unnamed (parsed and planned each time, as before), so SQL that is built
 * with a varying text cannot grow a connection's memory without end.
 */
const preparedPerConnection = 500;

/** Statement names by text, shared by the process's connections; bounded like them. */
const namesByText = new Map<string, string>();

function nameOf(text: string): string {
  let name = namesByText.get(text);
  if (!name) {
    name = `t_${createHash('sha1').update(text).digest('base64url')}`;
    if (namesByText.size >= preparedPerConnection * 4) namesByText.clear();
    namesByText.set(text, name);
  }
  return name;
}

/**
 * A node-postgres client that sends every statement with parameters as a
 * named prepared statement: Postgres parses and plans it once per connection
 * and then only binds the parameters. Measured on the pipeline benchmark,
 * planning was over half of pg-boss's statement time (its job fetch plans a
 * five-part query on every call) and a good share of ours. Used for the app's
 * pool and pg-boss's (`Client` option of pg.Pool). Statements without
 * parameters go as before: they may be several commands in one text.
 *
 * This needs session-level prepared statements: a transaction-mode PgBouncer must be
 * 1.21 or later with `max_prepared_statements` set (docs/deploy.md).
 */
/** A statement as a pipeline sends it (deferredStatements.ts): bound under its name, parsed there first unless `parsed`. */
export type PipelineStatement = { text: string; name?: string; values: unknown[]; parsed: boolean };

/** What a client that prepares its statements tells one that sends several at once (deferredStatements.ts). */
export type PreparedStatements = {
  /**
   * The query as a pipeline is to send it: under its name (unnamed past the
   * connection's limit), its values converted for the wire; undefined when a
   * value cannot be converted, for the query to be refused by other means.
   */
  pipelineStatement(config: pg.QueryConfig, values: unknown[]): PipelineStatement | undefined;
  /** After a pipeline answered: the names it parsed are known to the connection, or, when it failed, their texts (and a spoiled plan's) are prepared again under new names. */
  afterPipeline(error: Error | null, statements: PipelineStatement[]): void;
};

class Preparing extends pg.Client implements PreparedStatements {
  private readonly prepared = new Set<string>();
  /** Statements whose plan a schema change spoiled, and how often: they are prepared again under a new name. */
  private readonly retired = new Map<string, number>();

  // node-postgres's overloads, all accepted: (text | config, values?, callback?). Typed for callers by the export below.
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (typeof values === 'function') [callback, values] = [values, undefined];
    const send = (super.query as (...args: unknown[]) => never).bind(this);
    const statement = this.named(config, values);
    if (!statement) return send(config, values, callback);
    const wire = wireValues(statement.values!);
    if (wire instanceof Error) {
      // Refused here: node-postgres, failing to convert a value of a named statement, closes that statement on
      // the server while still counting it parsed, and every later use of it on this connection would fail.
      if (typeof callback !== 'function') return Promise.reject(wire) as never;
      return void process.nextTick(callback as (error: Error) => void, wire) as never;
    }
    const named = { ...statement, values: wire };
    // pg.Pool's query (pg-boss's statements, Drizzle's outside a transaction) passes a callback.
    if (typeof callback === 'function') {
      const done = callback as (error: Error | null, result?: pg.QueryResult) => void;
      return send(named, (error: Error | null, result?: pg.QueryResult) => {
        if (this.preparesAgain(error, named.text)) return void this.query(config, values, done);
        done(error, result);
      });
    }
    return (send(named) as Promise<pg.QueryResult>).catch((error: unknown) => {
      if (this.preparesAgain(error, named.text)) return this.query(config, values);
      throw error;
    }) as never;
  }

  pipelineStatement(config: pg.QueryConfig, values: unknown[]): PipelineStatement | undefined {
    const wire = wireValues(values);
    if (wire instanceof Error) return undefined;
    const named = this.named(config, values);
    if (!named?.name) return { text: config.text, values: wire, parsed: false };
    return { text: named.text, name: named.name, values: wire, parsed: this.parsedStatements()[named.name] === named.text };
  }

  afterPipeline(error: Error | null, statements: PipelineStatement[]): void {
    const parsedNow = statements.filter((statement) => statement.name && !statement.parsed);
    if (error) {
      // Which of those the server parsed before the failure is not known: a name it may hold is not used again.
      const retiring = isSpoiledPlan(error) ? statements.filter((statement) => statement.name) : parsedNow;
      retiring.forEach(({ text }) => this.retire(text));
      return;
    }
    for (const { name, text } of parsedNow) this.parsedStatements()[name!] = text;
  }

  /** The names node-postgres knows this connection's server has parsed, with their texts (it parses the rest before binding them). */
  private parsedStatements(): Record<string, string> {
    return (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
  }

  /**
   * After Postgres refused a statement's spoiled plan: its text is prepared
   * again under a new name from now on, and at once (true) when no
   * transaction was undone with it; inside one, the caller's retry will be.
   */
  private preparesAgain(error: unknown, text: string): boolean {
    if (!isSpoiledPlan(error)) return false;
    this.retire(text);
    return this.getTransactionStatus() === 'I';
  }

  /** The query as a named statement, or undefined to send it as it came. */
  private named(config: unknown, values: unknown): pg.QueryConfig | undefined {
    if (config === null || config === undefined) return undefined;
    const base: pg.QueryConfig = typeof config === 'string' ? { text: config } : (config as pg.QueryConfig);
    // Query objects, and configs that carry their own callback, go as they came.
    const own = base as { submit?: unknown; callback?: unknown };
    if (typeof own.submit === 'function' || own.callback !== undefined || base.name || typeof base.text !== 'string') return undefined;
    const params = Array.isArray(values) ? values : base.values;
    if (!params?.length) return undefined;
    const first = nameOf(base.text);
    const generation = this.retired.get(first);
    const name = generation ? `${first}.${generation}` : first;
    if (!this.prepared.has(name)) {
      if (this.prepared.size >= preparedPerConnection) return undefined;
      this.prepared.add(name);
    }
    return { ...base, name, values: params };
  }

  private retire(text: string): void {
    const base = nameOf(text);
    this.retired.set(base, (this.retired.get(base) ?? 0) + 1);
  }
}

/**
 * The values as node-postgres sends them (dates, arrays and objects as text),
 * converted once here, or the error a value met (a circular object, say).
 */
function wireValues(values: unknown[]): unknown[] | Error {
  try {
    return values.map(prepareValue);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Postgres refuses to run a prepared statement whose result columns a schema
 * change altered (a column added to a table it selects everything from, say,
 * by a migration applied while the app runs); its text is still right.
 */
function isSpoiledPlan(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}

/** Typed as node-postgres's own client: its `query` overloads are unchanged for callers. */
export const PreparingClient = Preparing as unknown as typeof pg.Client;
