/**
 * Background jobs: pg-boss 10 on the service's own database, PGlite or PostgreSQL alike. pg-boss
 * talks to the database through `Database.executeSql`, which on PGlite takes the same connection
 * lock as Kysely, so a job's queries never land inside a request's transaction.
 *
 * Jobs are named and typed: a {@link JobDefinition} pairs a queue name with the zod schema of its
 * payload, so `send` and the handler agree on the data, and a malformed payload fails the job
 * instead of reaching the handler.
 *
 * @example
 *   const sendReceipt = defineJob('shop.receipt', z.object({ orderId: z.string() }));
 *   jobs.register(sendReceipt, async ({ orderId }) => mailReceipt(orderId));
 *   await jobs.start();
 *   await jobs.send(sendReceipt, { orderId });
 */
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';

export interface JobDefinition<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** Queue settings: retries and how long a job may stay active before it counts as crashed. */
  readonly queue?: JobQueueOptions;
}

export interface JobQueueOptions {
  /**
   * `short`: at most one queued job per singleton key (every send must then give a key, or the
   * whole queue holds one waiting job). `singleton`: at most one job of the queue active at a
   * time, across every process. Default `standard`.
   */
  policy?: 'standard' | 'short' | 'singleton';
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** An active job older than this is taken to have crashed with its worker and is retried. */
  expireInSeconds?: number;
}

export function defineJob<T>(
  name: string,
  schema: z.ZodType<T>,
  queue?: JobQueueOptions,
): JobDefinition<T> {
  return { name, schema, ...(queue ? { queue } : {}) };
}

export type JobHandler<T> = (data: T, job: { id: string }) => Promise<void>;

export interface SendOptions {
  /** At most one queued job per key: a second send while one waits is dropped. */
  singletonKey?: string;
  startAfterSeconds?: number;
}

export interface JobsOptions {
  /** Seconds between pg-boss maintenance runs (expiring crashed jobs); tests use 1. */
  maintenanceIntervalSeconds?: number;
  /** Seconds between polls of an idle queue. */
  pollingIntervalSeconds?: number;
  /** Overrides every queue's expiry (tests, to resume a killed worker's job quickly). */
  expireInSeconds?: number;
  /** Runs pg-boss's cron scheduler (its clock monitor adds queries; off unless a job is scheduled). */
  schedules?: boolean;
}

const SCHEMA = 'pgboss';

export class Jobs {
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #options: JobsOptions;
  readonly #handlers = new Map<string, { def: JobDefinition<unknown>; run: JobHandler<unknown> }>();
  readonly #schedules = new Map<string, { cron: string | undefined; data: object }>();
  #started = false;

  constructor(database: Database, log: Logger, options: JobsOptions = {}) {
    this.#log = log;
    this.#options = options;
    this.#boss = new PgBoss({
      db: { executeSql: (text, values) => database.executeSql(text, values) },
      schema: SCHEMA,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      // Without schedules the clock monitor would only add queries.
      schedule: options.schedules ?? false,
    });
    this.#boss.on('error', (err: Error) => {
      // Driver messages can quote stored values: log the type only.
      this.#log.error(
        { errType: err.name, errCode: (err as { code?: unknown }).code },
        'job queue error',
      );
    });
  }

  /** Registers the handler of a named job; call before `start`. */
  register<T>(def: JobDefinition<T>, handler: JobHandler<T>): void {
    if (this.#started) throw new Error(`job ${def.name} registered after start`);
    if (this.#handlers.has(def.name)) throw new Error(`job ${def.name} registered twice`);
    this.#handlers.set(def.name, {
      def,
      run: handler as JobHandler<unknown>,
    });
  }

  /**
   * Runs a registered job on a cron schedule (UTC), or, with `cron` undefined, removes a schedule
   * an earlier configuration left in the database. pg-boss sends each scheduled job once, however
   * many processes run the scheduler. Call before `start`.
   */
  schedule<T>(def: JobDefinition<T>, cron: string | undefined, data: T): void {
    if (this.#started) throw new Error(`job ${def.name} scheduled after start`);
    if (!this.#handlers.has(def.name))
      throw new Error(`job ${def.name} scheduled before registered`);
    if (cron !== undefined && !this.#options.schedules)
      throw new Error(`job ${def.name} scheduled but the scheduler is off (JobsOptions.schedules)`);
    this.#schedules.set(def.name, { cron, data: def.schema.parse(data) as object });
  }

  get started(): boolean {
    return this.#started;
  }

  /** Creates pg-boss's schema on first run, the queues, and starts the registered workers. */
  async start(): Promise<void> {
    if (this.#started) return;
    await this.#boss.start();
    for (const { def, run } of this.#handlers.values()) {
      await this.#boss.createQueue(def.name, this.#queueOptions(def));
      await this.#boss.work<unknown>(
        def.name,
        { pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async (batch) => {
          for (const job of batch) {
            const data = def.schema.parse(job.data);
            await run(data, { id: job.id });
          }
        },
      );
      const scheduled = this.#schedules.get(def.name);
      if (scheduled?.cron) {
        await this.#boss.schedule(def.name, scheduled.cron, scheduled.data, { tz: 'UTC' });
      } else if (scheduled) {
        await this.#boss.unschedule(def.name);
      }
    }
    this.#started = true;
  }

  /** Queues a job; returns its id, or undefined when a singleton of it is already queued. */
  async send<T>(
    def: JobDefinition<T>,
    data: T,
    options: SendOptions = {},
  ): Promise<string | undefined> {
    const payload = def.schema.parse(data) as object;
    const id = await this.#boss.send(def.name, payload, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
    return id ?? undefined;
  }

  /** The state of one job (`created`, `active`, `completed`, `retry`, `failed`…), for tests and ops. */
  async stateOf(def: JobDefinition<unknown>, id: string): Promise<string | undefined> {
    return (await this.#boss.getJobById(def.name, id))?.state;
  }

  /** Stops fetching, waits for jobs in flight (up to `timeoutMs`), then stops maintenance. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }

  #queueOptions(def: JobDefinition<unknown>): PgBoss.Queue {
    const q = def.queue ?? {};
    const expireInSeconds = this.#options.expireInSeconds ?? q.expireInSeconds;
    return {
      name: def.name,
      policy: q.policy ?? 'standard',
      ...(q.retryLimit !== undefined ? { retryLimit: q.retryLimit } : {}),
      ...(q.retryDelaySeconds !== undefined ? { retryDelay: q.retryDelaySeconds } : {}),
      ...(q.retryBackoff !== undefined ? { retryBackoff: q.retryBackoff } : {}),
      ...(expireInSeconds !== undefined ? { expireInSeconds } : {}),
    };
  }
}
