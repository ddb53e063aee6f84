/**
 * Cache invalidation across app processes on one PostgreSQL: a process that changes what another
 * may hold in memory (a shredded data key, a restriction, an objection, a consent decision, the
 * catalog, the policy in force) sends
 * a NOTIFY, and every process listening drops the entry at once. Each cache keeps its short TTL
 * as the fallback: a notification is lost while a listener's connection is down.
 *
 * On embedded PGlite there is one process by construction: nothing is sent or listened to, and
 * the process's own caches are dropped where the change is made, as before.
 *
 * @example
 *   invalidations.on('stops', (customerId) => cache.invalidate(customerId));
 *   await invalidations.send(trx, 'stops', customerId); // delivered when trx commits
 *   invalidations.broadcast('stops', customerId); // after a commit; sent with others this turn
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from '../log.ts';
import type { Database } from './database.ts';
import { notify, notifyAll } from './invalidations.repository.ts';
import type { DB } from './schema.ts';

export const INVALIDATION_CHANNEL = 'custodian_invalidate';

/**
 * What a process can be told to forget; the key's meaning is the topic's. `catalog`: the
 * storefront's snapshot and pages (a product, price, stock or review changed; key `*`);
 * `policy`: a policy version was published (key: its number), so the policy in force is re-read.
 */
export type InvalidationTopic =
  'vault-key' | 'vault-pseudonym' | 'stops' | 'consent' | 'catalog' | 'policy';

/** What the features take: sending, and subscribing to what others send. */
export interface CacheInvalidations {
  on(topic: InvalidationTopic, forget: (key: string) => void): void;
  send(db: Kysely<DB> | Transaction<DB>, topic: InvalidationTopic, key: string): Promise<void>;
  /** {@link send} of several keys of a topic, in as few NOTIFYs as fit (usually one). */
  sendAll(
    db: Kysely<DB> | Transaction<DB>,
    topic: InvalidationTopic,
    keys: readonly string[],
  ): Promise<void>;
  broadcast(topic: InvalidationTopic, key: string): void;
}

interface Message {
  /** The sending process: it has dropped its own entry already. */
  o: string;
  t?: InvalidationTopic;
  k?: string;
  /** Many at once (`broadcast` gathers what one turn of the event loop forgets). */
  b?: [InvalidationTopic, string][];
}

/** NOTIFY refuses a payload of 8 000 bytes or more; each message stays well below. */
const MAX_PAYLOAD = 7_000;

export class Invalidations implements CacheInvalidations {
  readonly #origin = randomUUID();
  readonly #handlers = new Map<InvalidationTopic, ((key: string) => void)[]>();
  /** Broadcasts waiting for the end of this turn of the event loop. */
  #queued: [InvalidationTopic, string][] = [];
  #unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Pick<Database, 'kind' | 'db' | 'listen'>,
    private readonly log: Logger,
  ) {}

  on(topic: InvalidationTopic, forget: (key: string) => void): void {
    const list = this.#handlers.get(topic) ?? [];
    list.push(forget);
    this.#handlers.set(topic, list);
  }

  /** Tells the other processes; inside `db`'s transaction it goes out on commit. */
  async send(
    db: Kysely<DB> | Transaction<DB>,
    topic: InvalidationTopic,
    key: string,
  ): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    const message: Message = { o: this.#origin, t: topic, k: key };
    await notify(db, INVALIDATION_CHANNEL, JSON.stringify(message));
  }

  /** Tells the other processes of several keys; inside `db`'s transaction on commit. */
  async sendAll(
    db: Kysely<DB> | Transaction<DB>,
    topic: InvalidationTopic,
    keys: readonly string[],
  ): Promise<void> {
    if (this.database.kind !== 'postgres') return;
    // A shred of a batch of erasures names hundreds of keys: every payload in one statement.
    await notifyAll(
      db,
      INVALIDATION_CHANNEL,
      payloads(keys.map((k): [InvalidationTopic, string] => [topic, k])).map((batch) =>
        JSON.stringify({ o: this.#origin, b: batch } satisfies Message),
      ),
    );
  }

  /**
   * The same after a commit, without waiting: a failure is logged and left to the caches' TTL
   * rather than failing a change that has already been made. What is broadcast in one turn of
   * the event loop goes out together, in as few NOTIFYs as fit: the ledger acknowledges a whole
   * group commit at once, and one NOTIFY per consent write was a round trip per write.
   */
  broadcast(topic: InvalidationTopic, key: string): void {
    if (this.database.kind !== 'postgres') return;
    this.#queued.push([topic, key]);
    if (this.#queued.length === 1) setImmediate(() => this.#flush());
  }

  #flush(): void {
    const queued = this.#queued;
    this.#queued = [];
    for (const batch of payloads(queued)) {
      const message: Message = { o: this.#origin, b: batch };
      const topics = [...new Set(batch.map(([t]) => t))];
      notify(this.database.db, INVALIDATION_CHANNEL, JSON.stringify(message)).catch(
        (err: unknown) => {
          this.log.warn(
            { topics, errType: err instanceof Error ? err.name : typeof err },
            'cache invalidation not sent; other processes catch up when their caches expire',
          );
        },
      );
    }
  }

  /** Starts listening (PostgreSQL); call once the handlers are registered. */
  async start(): Promise<void> {
    if (this.database.kind !== 'postgres' || this.#unlisten) return;
    this.#unlisten = await this.database.listen(INVALIDATION_CHANNEL, (payload) =>
      this.#receive(payload),
    );
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  #receive(payload: string): void {
    let message: Message;
    try {
      message = JSON.parse(payload) as Message;
    } catch {
      return;
    }
    if (message.o === this.#origin) return;
    const items =
      message.b ?? (message.t && message.k !== undefined ? [[message.t, message.k]] : []);
    for (const [topic, key] of items) {
      for (const forget of this.#handlers.get(topic) ?? []) forget(key);
    }
  }
}

/** `items` in groups whose message stays under {@link MAX_PAYLOAD}, in order. */
function payloads(items: readonly [InvalidationTopic, string][]): [InvalidationTopic, string][][] {
  const out: [InvalidationTopic, string][][] = [];
  let batch: [InvalidationTopic, string][] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = item[0].length + item[1].length + 8;
    if (batch.length > 0 && size + itemSize > MAX_PAYLOAD) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += itemSize;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** For services built without a database to talk to (unit tests): one process, nothing to tell. */
export const noInvalidations: CacheInvalidations = {
  on: () => {},
  send: async () => {},
  sendAll: async () => {},
  broadcast: () => {},
};
