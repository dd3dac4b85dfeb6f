import pg from 'pg';
import type { PipelineStatement, PreparedStatements } from './preparingClient';

type Callback = (error: Error | null, result?: pg.QueryResult) => void;
type Held = { config: pg.QueryConfig; values?: unknown[] };

/** Starts the text of a statement whose answer nobody reads (see `deferrable`). */
const deferrableMark = '/* deferrable */ ';

/**
 * Marks a statement whose answer its caller does not read (a workspace's
 * scope, a job insert): inside a transaction on the app's connections it is
 * held back and sent with the transaction's next statement (its commit,
 * often), so it costs no round trip of its own. Its error, if any, fails
 * that next statement, and with it the transaction.
 */
export function deferrable(text: string): string {
  return deferrableMark + text;
}

const emptyResult = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * A client that holds back, inside a transaction, the statements whose
 * answer nobody waits for: Drizzle's bare `begin`, and those marked
 * `deferrable`. They go with the transaction's next statement, in one
 * network exchange: joined into one text when none has parameters, else
 * pipelined (below) when the client prepares its statements; otherwise one
 * after another. A
 * rollback (to a savepoint, too) drops the marked ones, which never reached
 * the server. Each exchange saved matters: on a small machine it costs more
 * in system calls and wake-ups than the statement itself.
 *
 * Nothing is reordered: Postgres sees the same commands in the same order on
 * the same connection, only in fewer network exchanges.
 */
export function deferringStatements(Base: typeof pg.Client): typeof pg.Client {
  class DeferringStatements extends (Base as unknown as new (config?: string | pg.ClientConfig) => pg.Client) {
    /** Statements held back, in order; `begin` first when the server has not seen the transaction start. */
    private held: Held[] = [];
    private inTransaction = false;
    /** While held statements go out one after another: what was asked meanwhile, to be asked again in order once they have. */
    private waiting: (() => void)[] | undefined;

    // node-postgres's overloads, all accepted: (text | config, values?, callback?).
    override query(config: unknown, values?: unknown, callback?: unknown): never {
      if (typeof values === 'function') [callback, values] = [values, undefined];
      if (this.waiting) return this.askLater(this.waiting, config, values, callback);
      const send = (super.query as (...args: unknown[]) => never).bind(this);
      // Drizzle's statements are configs or texts answered by promises; only those are held or sent with the held.
      const query = typeof callback === 'function' || isSubmittable(config) ? undefined : asConfig(config);
      const params = Array.isArray(values) ? values : query?.values;
      if (query) {
        const text = query.text;
        if (text === 'begin' && !params?.length && !this.inTransaction) {
          this.inTransaction = true;
          this.held.push({ config: query });
          return Promise.resolve(emptyResult('BEGIN')) as never;
        }
        if (this.inTransaction && text.startsWith(deferrableMark)) {
          this.held.push({ config: query, values: params });
          return Promise.resolve(emptyResult('SELECT')) as never;
        }
        if (text === 'commit' || text === 'rollback') this.inTransaction = false;
        // What a rollback undoes need not be sent: all that is held came after the last savepoint the server saw.
        if (text === 'rollback' || text.startsWith('rollback to savepoint ')) this.held = this.held.filter(({ config: held }) => held.text === 'begin');
      }
      if (this.held.length === 0) return send(config, values, callback);
      const held = this.held.splice(0);
      if (query) {
        const statements = [...held, { config: query, values: params }];
        if (statements.every(isPlain)) return this.joined(statements.map(({ config: statement }) => statement.text), query) as never;
        const pipelined = this.pipelined(statements, query);
        if (pipelined) return pipelined as never;
      }
      return this.oneAfterAnother(held, config, values, callback);
    }

    /**
     * The held statements one exchange after another (the plain ones joined),
     * each once the one before has answered (node-postgres deprecates asking
     * while a query waits), then the caller's. When a held one fails, the
     * caller's is not sent but fails with that error: a commit sent after a
     * statement refused before it reached the server would commit the
     * transaction without it.
     */
    private oneAfterAnother(held: Held[], config: unknown, values: unknown, callback: unknown): never {
      const send = (super.query as (...args: unknown[]) => unknown).bind(this);
      this.waiting = [];
      const before = exchanges(held).reduce<Promise<unknown>>((previous, { config: statement, values: own }) => previous.then(() => send(statement, own)), Promise.resolve());
      const answer = before.then(
        () => this.askThenWaiting(() => send(config, values, callback)),
        (error: Error) => this.askThenWaiting(() => failed(config, callback, error)),
      );
      return answeredAs(config, callback, answer);
    }

    /** Asks for the caller's statement, then, in the order they were asked, those that waited for it. */
    private askThenWaiting<T>(ask: () => T): T {
      const waiting = this.waiting ?? [];
      this.waiting = undefined;
      const answer = ask();
      // Asked again at once: one that holds or sends held statements again makes the rest wait anew, still in order.
      for (const again of waiting) again();
      return answer;
    }

    /** A statement asked while held ones are still going out: asked again once they have, answered as it asks. */
    private askLater(waiting: (() => void)[], config: unknown, values: unknown, callback: unknown): never {
      const answer = new Promise((resolve) => {
        waiting.push(() => {
          try {
            resolve(this.query(config, values, callback));
          } catch (error) {
            resolve(failed(config, callback, error as Error));
          }
        });
      });
      return answeredAs(config, callback, answer);
    }

    /** Several commands in one text (the simple protocol): they answer with several results, and the caller asked for the last. */
    private joined(texts: string[], query: pg.QueryConfig): Promise<pg.QueryResult> {
      const send = (super.query as (config: pg.QueryConfig) => Promise<pg.QueryResult | pg.QueryResult[]>).bind(this);
      return send({ ...query, text: texts.join(';'), values: undefined }).then((results) => (Array.isArray(results) ? results.at(-1)! : results));
    }

    /** The statements as one pipeline, or undefined when the client does not prepare statements, a text may hold several commands, or a value cannot be converted. */
    private pipelined(statements: Held[], query: pg.QueryConfig): Promise<pg.QueryResult> | undefined {
      const prepared = this as unknown as Partial<PreparedStatements>;
      if (!prepared.pipelineStatement || !prepared.afterPipeline) return undefined;
      // A statement the caller prepared under a name of its own goes the other way: node-postgres keeps its books.
      if (statements.some(({ config }) => config.name)) return undefined;
      const steps: PipelineStatement[] = [];
      /** Names parsed earlier in this pipeline: a text twice in it is parsed once. */
      const parsing = new Set<string>();
      for (const statement of statements) {
        if (isPlain(statement)) {
          // A pipeline parses each text as one command: a text that may hold several goes the other way.
          if (statement.config.text.includes(';')) return undefined;
          steps.push({ text: statement.config.text, values: [], parsed: false });
        } else {
          // Its values converted before anything is written: one that cannot be goes the other way, and is refused there.
          const step = prepared.pipelineStatement(statement.config, statement.values ?? []);
          if (!step) return undefined;
          const parsedAbove = step.name !== undefined && parsing.has(step.name);
          if (step.name && !step.parsed) parsing.add(step.name);
          steps.push(parsedAbove ? { ...step, parsed: true } : step);
        }
      }
      const send = (super.query as (pipeline: Pipeline) => void).bind(this);
      return new Promise((resolve, reject) => {
        send(
          new Pipeline(steps, query, (error, result) => {
            prepared.afterPipeline!(error, steps);
            if (error) reject(error);
            else resolve(result!);
          }),
        );
      });
    }
  }
  return DeferringStatements as unknown as typeof pg.Client;
}

type QueryHandlers = {
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: unknown): void;
  handleEmptyQuery(connection: unknown): void;
};
type WireConnection = {
  stream: { cork?: () => void; uncork?: () => void };
  parse(query: { text: string; name?: string }): void;
  bind(config: { statement: string; values: unknown[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(config: object): void;
  sync(): void;
};
const QueryBase = pg.Query as unknown as new (config: pg.QueryConfig & { callback: (error: Error | null, result?: pg.QueryResult) => void }) => QueryHandlers;

/**
 * Statements in one exchange, the extended protocol's pipeline: each parsed
 * unless the server has it under its name already (unnamed when it has
 * none), bound and executed in turn, with one Sync at the end. An
 * error ends it there (the server skips the rest up to the Sync) and fails
 * the query. Only the last statement is described and its rows read: node-
 * postgres's own Query builds its result, with the caller's row mode and
 * type parsers.
 */
class Pipeline extends QueryBase {
  /** Statements before the last that have yet to complete. */
  private ahead: number;

  constructor(
    private readonly steps: PipelineStatement[],
    last: pg.QueryConfig,
    callback: (error: Error | null, result?: pg.QueryResult) => void,
  ) {
    super({ ...last, name: undefined, values: undefined, callback });
    this.ahead = steps.length - 1;
  }

  submit(connection: WireConnection): null {
    connection.stream.cork?.();
    try {
      this.steps.forEach((step, index) => {
        if (!step.parsed) connection.parse({ text: step.text, ...(step.name && { name: step.name }) });
        connection.bind({ statement: step.name ?? '', values: step.values });
        if (index === this.steps.length - 1) connection.describe({ type: 'P', name: '' });
        connection.execute({});
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  override handleRowDescription(message: unknown): void {
    if (this.ahead === 0) super.handleRowDescription(message);
  }

  override handleDataRow(message: unknown): void {
    if (this.ahead === 0) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: unknown): void {
    if (this.ahead > 0) this.ahead--;
    else super.handleCommandComplete(message, connection);
  }

  override handleEmptyQuery(connection: unknown): void {
    if (this.ahead > 0) this.ahead--;
    else super.handleEmptyQuery(connection);
  }
}

/** Held statements as exchanges: each run of plain ones joined into one text. */
function exchanges(held: Held[]): Held[] {
  return held.reduce<Held[]>((merged, statement) => {
    const last = merged.at(-1);
    if (last && isPlain(last) && isPlain(statement)) merged[merged.length - 1] = { config: { text: `${last.config.text};${statement.config.text}` } };
    else merged.push(statement);
    return merged;
  }, []);
}

function asConfig(config: unknown): pg.QueryConfig | undefined {
  if (typeof config === 'string') return { text: config };
  if (typeof config !== 'object' || config === null || (config as { callback?: unknown }).callback !== undefined) return undefined;
  return typeof (config as pg.QueryConfig).text === 'string' ? (config as pg.QueryConfig) : undefined;
}

/** A statement that can share a text with others: no parameters, not prepared under a name of its own. */
function isPlain({ config, values }: Held): boolean {
  return !values?.length && !config.values?.length && !config.name;
}

/** The callback a query is answered by: the argument, or the config's own; undefined when it is answered by a promise (or is submittable). */
function callbackOf(config: unknown, callback: unknown): Callback | undefined {
  if (typeof callback === 'function') return callback as Callback;
  const own = typeof config === 'object' && config !== null ? (config as { callback?: unknown }).callback : undefined;
  return typeof own === 'function' && !isSubmittable(config) ? (own as Callback) : undefined;
}

/** What `query` returns for a statement answered later by `answer`: a submittable itself, nothing when a callback hears it, else the promise. */
function answeredAs(config: unknown, callback: unknown, answer: Promise<unknown>): never {
  if (isSubmittable(config)) return config as never;
  return (callbackOf(config, callback) ? undefined : answer) as never;
}

/** Answers a query with `error` without sending it, as it asks to be answered (a rejected promise when it waits for one). */
function failed(config: unknown, callback: unknown, error: Error): unknown {
  if (isSubmittable(config)) return void process.nextTick(() => (config as { handleError(error: Error): void }).handleError(error));
  const answer = callbackOf(config, callback);
  if (answer) return void process.nextTick(answer, error);
  return Promise.reject(error);
}

function isSubmittable(config: unknown): boolean {
  return typeof (config as { submit?: unknown } | null)?.submit === 'function';
}
