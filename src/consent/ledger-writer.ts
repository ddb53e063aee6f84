/**
 * Group commit for the ledger. Each `append()` waits until its record is committed, so an
 * acknowledged record is durable; but the records that arrive while a batch commits queue up and
 * go together in the next single statement. Under load the cost of a commit is shared by
 * everyone waiting; with one writer at a time it is a plain insert with no added delay.
 *
 * `concurrency` lets several batches commit at once (PostgreSQL: a commit mostly waits for the
 * WAL flush, which the server shares among concurrent commits); PGlite has one connection, so 1.
 *
 * @example
 *   const writer = new LedgerWriter((rows) => insertRecords(db, rows), { concurrency: 4 });
 *   await writer.append(row); // resolves after COMMIT
 */
export interface LedgerWriterOptions {
  /** Largest batch in one statement (bounded by the driver's parameter limit). */
  maxBatch?: number;
  /** Batches committing at the same time. */
  concurrency?: number;
}

/** The largest batch by default: 500 records of 11 columns stay far below the 65 535 parameters. */
export const LEDGER_BATCH = 500;

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

export class LedgerWriter<T> {
  readonly #write: (items: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #queue: Pending<T>[] = [];
  #workers = 0;
  #idle: (() => void)[] = [];
  /** Batches committed and their sizes, for the benchmark's report. */
  readonly stats = { batches: 0, records: 0, largest: 0 };

  constructor(write: (items: T[]) => Promise<void>, options: LedgerWriterOptions = {}) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? LEDGER_BATCH;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
  }

  append(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#workers < this.#concurrency) {
        this.#workers += 1;
        void this.#work();
      }
    });
  }

  /** Resolves when everything queued so far is written (shutdown). */
  idle(): Promise<void> {
    if (this.#workers === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #work(): Promise<void> {
    try {
      // setImmediate runs after the event loop's I/O phase: every request already read from the
      // sockets in this turn joins the batch. Without it, PGlite (whose queries run synchronously
      // in this thread) would commit each request before the next one is even parsed.
      await nextTurn();
      while (this.#queue.length > 0) {
        await this.#commit(this.#queue.splice(0, this.#maxBatch));
        await nextTurn();
      }
    } finally {
      this.#workers -= 1;
      if (this.#workers === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #commit(batch: Pending<T>[]): Promise<void> {
    try {
      await this.#write(batch.map((p) => p.item));
      this.stats.batches += 1;
      this.stats.records += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      for (const p of batch) p.resolve();
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // One bad record must not fail its neighbours: retry each on its own.
      for (const p of batch) await this.#commit([p]);
    }
  }
}
