/**
 * `COPY … FROM STDIN` (and `TO STDOUT`) over a node-postgres client, without a further dependency: node-postgres
 * hands the protocol's copy-in messages to the active query object, so a query object that sends
 * the data as CopyData messages is all COPY needs (what pg-copy-streams does, minus streams).
 * PostgreSQL only: PGlite has no COPY FROM STDIN over a socket (bulk loads use multi-row INSERTs).
 *
 * Text format: columns separated by tabs, rows by newlines, `\N` for null
 * ({@link copyText} escapes the rest).
 *
 * @example
 *   await copyFrom(client, 'copy t (a, b) from stdin', ['1\tx\n', '2\t\\N\n']);
 */
import type pg from 'pg';

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** Chunks of about this many bytes per CopyData message (and per socket write). */
const CHUNK_BYTES = 1 << 20;

class CopyIn {
  readonly #text: string;
  readonly #data: readonly (string | Buffer)[];
  readonly #done: (error?: Error) => void;

  constructor(text: string, data: readonly (string | Buffer)[], done: (error?: Error) => void) {
    this.#text = text;
    this.#data = data;
    this.#done = done;
  }

  submit(connection: Connection): void {
    connection.query(this.#text);
  }

  handleCopyInResponse(connection: Connection): void {
    let pending: (string | Buffer)[] = [];
    let size = 0;
    const flush = () => {
      // Strings joined first: one conversion per chunk, not one per row; a lone buffer as it is.
      const lone = pending.length === 1 ? pending[0] : undefined;
      const chunk = Buffer.isBuffer(lone)
        ? lone
        : pending.every((p) => typeof p === 'string')
          ? Buffer.from(pending.join(''), 'utf8')
          : Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
      connection.sendCopyFromChunk(chunk);
      pending = [];
      size = 0;
    };
    for (const piece of this.#data) {
      pending.push(piece);
      size += piece.length;
      if (size >= CHUNK_BYTES) flush();
    }
    if (size > 0) flush();
    connection.endCopyFrom();
  }

  // node-postgres drops a failed query at once: its ReadyForQuery never reaches this object.
  handleError(error: Error): void {
    this.#done(error);
  }

  handleReadyForQuery(): void {
    this.#done();
  }

  // node-postgres calls these for other statements; COPY FROM sends none of them.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs one `COPY … FROM STDIN` statement with `data` (text format) as its input. */
export function copyFrom(
  client: pg.Client,
  text: string,
  data: readonly (string | Buffer)[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new CopyIn(text, data, (error) => (error ? reject(error) : resolve()));
    // node-postgres accepts any object with `submit` as a query (its "submittable" interface).
    void client.query(query as unknown as pg.QueryConfig);
  });
}

class CopyOut {
  readonly #text: string;
  readonly #onRow: (row: Buffer) => void;
  readonly #done: (error?: Error) => void;

  constructor(text: string, onRow: (row: Buffer) => void, done: (error?: Error) => void) {
    this.#text = text;
    this.#onRow = onRow;
    this.#done = done;
  }

  submit(connection: Connection): void {
    connection.query(this.#text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    // PostgreSQL sends one CopyData message per row.
    this.#onRow(msg.chunk);
  }

  // node-postgres drops a failed query at once: its ReadyForQuery never reaches this object.
  handleError(error: Error): void {
    this.#done(error);
  }

  handleReadyForQuery(): void {
    this.#done();
  }

  handleCopyInResponse(connection: Connection): void {
    connection.sendCopyFail('not a COPY FROM statement');
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}

/** Runs one `COPY … TO STDOUT` statement, handing each row (text format, with its newline) on. */
export function copyTo(
  client: pg.Client,
  text: string,
  onRow: (row: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new CopyOut(text, onRow, (error) => (error ? reject(error) : resolve()));
    void client.query(query as unknown as pg.QueryConfig);
  });
}

/**
 * One value in COPY's text format: null as `\N`; backslash, tab, newline and carriage return
 * escaped; dates as ISO timestamps; objects as JSON.
 */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : s;
}
