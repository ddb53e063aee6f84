/**
 * Kysely's PostgreSQL dialect, except that a transaction's callback starts while its BEGIN is
 * still on the wire. Kysely awaits BEGIN before calling the callback, so whatever the callback
 * computes before its first statement (sealing a new customer's fields and making its keys in
 * the vault, building the insert) runs after a whole round trip spent idle. Here that work
 * overlaps the round trip: the callback runs at once, and its first statement (or the COMMIT)
 * waits for BEGIN to complete before it is sent.
 *
 * Nothing is sent early: every statement still goes out after BEGIN's reply, on the same
 * connection, in the same order, so a statement can never run outside the transaction (`pg`
 * would send a queued statement even after a failed BEGIN; the wait here is what prevents it).
 * A failed BEGIN fails the callback's first statement (or its COMMIT) with BEGIN's error, and
 * the transaction is rolled back as on any error. On PGlite there is no wire to overlap (BEGIN
 * runs on this thread), so that dialect is unchanged.
 */
import {
  PostgresDialect,
  PostgresDriver,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Kysely's own connection class, not exported by name. */
type PgConnection = Parameters<PostgresDriver['releaseConnection']>[0];

/** A pooled connection, and the BEGIN it still has on the wire, if any. */
class EarlyBeginConnection implements DatabaseConnection {
  /** BEGIN not yet completed; kept after a failure so that every later statement fails too. */
  pendingBegin: Promise<void> | undefined;

  constructor(readonly inner: PgConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Not async: outside a transaction (the common case) this adds no promise and no tick.
    return this.pendingBegin
      ? this.#afterBegin(this.pendingBegin, query)
      : this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(
    query: CompiledQuery,
    chunkSize: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    await this.#begun();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }

  async #afterBegin<R>(begin: Promise<void>, query: CompiledQuery): Promise<QueryResult<R>> {
    await begin;
    if (this.pendingBegin === begin) this.pendingBegin = undefined;
    return this.inner.executeQuery<R>(query);
  }

  async #begun(): Promise<void> {
    const begin = this.pendingBegin;
    if (!begin) return;
    await begin;
    if (this.pendingBegin === begin) this.pendingBegin = undefined;
  }

  /** Waits for BEGIN, whatever its outcome (before ROLLBACK, or release). */
  async settled(): Promise<void> {
    const begin = this.pendingBegin;
    this.pendingBegin = undefined;
    if (begin) await begin.catch(() => {});
  }
}

class EarlyBeginDriver extends PostgresDriver {
  readonly #wrappers = new WeakMap<PgConnection, EarlyBeginConnection>();

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = (await super.acquireConnection()) as PgConnection;
    let connection = this.#wrappers.get(inner);
    if (!connection) this.#wrappers.set(inner, (connection = new EarlyBeginConnection(inner)));
    return connection;
  }

  override beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const c = connection as EarlyBeginConnection;
    const begin = super.beginTransaction(c.inner, settings);
    // Observed here so that a failed BEGIN nobody awaited yet is no unhandled rejection; the
    // statement (or COMMIT, or ROLLBACK) that awaits it next gets the error.
    begin.catch(() => {});
    c.pendingBegin = begin;
    return Promise.resolve();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as EarlyBeginConnection;
    // ROLLBACK goes after BEGIN whatever became of it (after a failed BEGIN it is a no-op
    // warning), so the connection goes back to the pool outside any transaction.
    await c.settled();
    await super.rollbackTransaction(c.inner);
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as EarlyBeginConnection;
    await c.settled();
    await super.releaseConnection(c.inner);
  }
}

export class EarlyBeginDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new EarlyBeginDriver(this.#config);
  }
}
