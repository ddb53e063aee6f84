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
  /** The socket node-postgres writes every message to, in order (absent in other clients). */
  stream?: { writable: boolean; write(data: Buffer): boolean; cork(): void; uncork(): void };
}

/** Chunks of about this many bytes per CopyData message (and per socket write). */
const CHUNK_BYTES = 1 << 20;

/**
 * Sends one CopyData message. Straight to the socket where there is one: node-postgres's own
 * `sendCopyFromChunk` copies each chunk into a buffer it grows for the message, a fresh megabyte
 * of memory per chunk (measured: most of the seed's main thread). The socket is where node-postgres
 * writes every message too (`Connection._send`), at once and in order, so the order holds.
 */
function sendCopyData(connection: Connection, chunk: Buffer): void {
  const stream = connection.stream;
  if (!stream?.writable) {
    connection.sendCopyFromChunk(chunk);
    return;
  }
  const header = Buffer.allocUnsafe(5);
  header[0] = 0x64; // 'd': CopyData
  header.writeInt32BE(chunk.length + 4, 1);
  stream.cork();
  stream.write(header);
  stream.write(chunk);
  stream.uncork();
}

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
      sendCopyData(connection, chunk);
      pending = [];
      size = 0;
    };
    for (const piece of this.#data) {
      // A buffer goes as one message of its own, uncopied (a message may be up to 1 GB).
      if (Buffer.isBuffer(piece)) {
        if (size > 0) flush();
        if (piece.length > 0) sendCopyData(connection, piece);
        continue;
      }
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

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/**
 * One value in COPY's text format: null as `\N`; backslash, tab, newline and carriage return
 * escaped; dates as ISO timestamps; objects as JSON. Strings and numbers first: they are most
 * of a bulk load's values.
 */
export function copyText(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? escapeCopy(value) : value;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = JSON.stringify(value);
  return NEEDS_ESCAPE.test(s) ? escapeCopy(s) : s;
}

function escapeCopy(s: string): string {
  return s.replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
  );
}

/** Text is turned into bytes this many characters at a time (see {@link CopyTextEncoder}). */
const FLUSH_CHARS = 1 << 16;

/**
 * One table's rows in COPY text, encoded as they come: each row becomes a line at once, and the
 * lines become UTF-8 bytes every 64 K characters. A bulk load that kept its rows as arrays of
 * values until the end held a batch's hundreds of thousands of small objects through every
 * young-generation collection (measured: a third of the seed's CPU was the garbage collector);
 * bytes live outside the JavaScript heap.
 *
 * @example
 *   const t = new CopyTextEncoder();
 *   t.push([1, 'x', null]);
 *   await copyFrom(client, 'copy t (a, b, c) from stdin', [t.finish()]);
 */
export class CopyTextEncoder {
  #text = '';
  #chunks: Buffer[] = [];
  #bytes = 0;
  #rows = 0;

  /** Adds one row: its values in the COPY statement's column order. */
  push(row: readonly unknown[]): void {
    let line = copyText(row[0]);
    for (let i = 1; i < row.length; i++) line += `\t${copyText(row[i])}`;
    this.#text += `${line}\n`;
    this.#rows++;
    if (this.#text.length >= FLUSH_CHARS) this.#flush();
  }

  get rows(): number {
    return this.#rows;
  }

  /**
   * Every row so far as one buffer that owns its memory whole (never a slice of Node's shared
   * pool), so it can be moved to another thread.
   */
  finish(): Buffer {
    this.#flush();
    const out = Buffer.allocUnsafeSlow(this.#bytes);
    let at = 0;
    for (const chunk of this.#chunks) at += chunk.copy(out, at);
    this.#chunks = [out];
    return out;
  }

  #flush(): void {
    if (this.#text.length === 0) return;
    const bytes = Buffer.from(this.#text, 'utf8');
    this.#chunks.push(bytes);
    this.#bytes += bytes.length;
    this.#text = '';
  }
}
