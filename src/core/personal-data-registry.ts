/**
 * The registry of modules that store personal data. Each registers an exporter (its rows for a
 * subject, by manifest data category) and an eraser (deletes or anonymises the subject's rows,
 * keeping what the erasure plan says must stay for accounting). A request runs every registered
 * module; erasure runs each module in its own transaction, recorded as one step, so a crash never
 * leaves a module half-erased and a resumed run skips the modules already done.
 *
 * Exporters and erasers get the transaction to use as `db` and must do all their work through
 * it: on PGlite another connection would wait for this transaction to end, for ever.
 *
 * @example
 *   registry.register({
 *     name: 'reviews',
 *     tables: ['reviews'],
 *     categories: ['user.review'],
 *     export: async (db, s) => ({ 'user.review': await reviewsOf(db, s.customerId) }),
 *     erase: async (db, s) => ({ erased: await deleteReviews(db, s.customerId), kept: [] }),
 *   });
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../kit/db/schema.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** Whom a module exports or erases: a customer, or an unregistered requester by email index. */
export interface SubjectRef {
  customerId: string | null;
  /** Blind index of the email (vault `email` kind), for data held before or without an account. */
  emailIndex: string | null;
}

/** A module's export: rows keyed by manifest data category. */
export type ExportSection = Record<string, Record<string, unknown>[]>;

/** What erasure keeps, and why (Art. 17(3)(b)), from the manifest's accounting scope. */
export interface KeptCategory {
  category: string;
  /** The manifest retention key, e.g. `accounting_vouchers`. */
  retention: string;
  law: string | null;
}

/**
 * The legal holds in force on a subject when its erasure was planned (Art. 17(3)(e): data needed
 * for legal claims is not erased while the hold lasts). Recorded by the erasure's `holds` step.
 */
export interface LegalHoldSet {
  /** The holds, by id, with their end dates (ISO). */
  holds: { id: string; until: string }[];
  /** A hold on the customer: modules that are `keptUnderCustomerHold` are left whole. */
  customer: boolean;
  /** Orders a hold names: each is kept whole. */
  orderIds: string[];
  /**
   * Vault subjects whose profile key and pseudonym stay: the held orders' buyers (the customer,
   * or a guest order's subject), and the customer under a customer hold.
   */
  subjectIds: string[];
  /** The latest end among the holds (ISO): the erasure is completed by then at the latest. */
  until: string;
}

export interface ErasurePlan {
  requestId: string;
  /** Categories that stay (sealed under the accounting key) until their retention ends. */
  keep: KeptCategory[];
  /** Legal holds on the subject: what they name stays until they end. Absent: none. */
  held?: LegalHoldSet | undefined;
}

export interface ErasureOutcome {
  /** Rows deleted or anonymised. */
  erased: number;
  /** Categories this module kept under the plan. */
  kept: string[];
  /** Something was left for a legal hold: the engine erases it again once the hold ends. */
  held?: boolean;
}

/** One subject of {@link PersonalDataModule.eraseMany}: whom, and the plan (never under a hold). */
export interface SubjectErasure {
  subject: SubjectRef;
  plan: ErasurePlan;
}

/**
 * A record an erasure keeps (a voucher), as the person is told of it before and after closing
 * the account: how they recognise it, the date its retention runs from, and what of it stays.
 */
export interface RetainedRecord {
  /** E.g. the order reference: shown to the person, never stored in clear by the engine. */
  label: string;
  /** The record's own date (the order date): the retention period counts from it. */
  date: Date;
  /** The manifest categories of the record that stay. */
  categories: string[];
}

export interface PersonalDataModule {
  name: string;
  /** The tables whose personal columns this module covers (for the schema coverage test). */
  tables: string[];
  categories: string[];
  export(db: Executor, subject: SubjectRef): Promise<ExportSection>;
  erase(db: Executor, subject: SubjectRef, plan: ErasurePlan): Promise<ErasureOutcome>;
  /**
   * Optional: `erase` for several subjects at once (a retention sweep's batch, in one
   * transaction), in a few statements for all instead of a few each. Returns one outcome per
   * subject, in order, each exactly what `erase` returns for it, and leaves the database as `erase`
   * for each in turn does. The rights engine calls it only with plans under no legal hold, and
   * with subjects that share no customer id and no email index (one's erasure cannot touch
   * another's rows); anything else goes to `erase`.
   */
  eraseMany?(db: Executor, erasures: readonly SubjectErasure[]): Promise<ErasureOutcome[]>;
  /** Art. 18: mark the subject's data as only stored (optional: modules that only store). */
  restrict?(db: Executor, subject: SubjectRef, context: HookContext): Promise<void>;
  /** Art. 21: stop direct marketing and profiling for it (and what an upheld objection names). */
  object?(db: Executor, subject: SubjectRef, context: HookContext): Promise<void>;
  /**
   * Its `erase` removes what other modules find the subject's rows by (the pseudonym links), and
   * writes that to the shred ledger, which outlives a transaction that never commits: the rights
   * engine commits the erasers sorted before it first, then erases it and those after it.
   */
  erasesLinks?: boolean;
  /**
   * A legal hold on the customer keeps this module's data from erasure until the hold ends, as it
   * keeps it from the retention sweeps (accounts, orders, browsing, consent, disclosures,
   * requests); the rest of the customer's data is erased as usual.
   */
  keptUnderCustomerHold?: boolean;
  /**
   * What such a module still does when a hold keeps its data from an erasure: the data stays,
   * but what the person asked to end ends (the account can no longer be signed in to).
   */
  closeWhileHeld?(db: Executor, subject: SubjectRef): Promise<void>;
  /** What an erasure will keep of the subject (optional: modules that keep nothing). */
  retained?(db: Executor, subject: SubjectRef): Promise<RetainedRecord[]>;
}

/** What a `restrict` or `object` hook gets besides its transaction and subject. */
export interface HookContext {
  requestId: string;
  /** Runs `fn` once the step has committed (e.g. to drop a cache a concurrent read could refill). */
  afterCommit(fn: () => void): void;
}

/**
 * `eraseMany` for a module whose `erase` only looks a subject's rows up and does nothing more for
 * one without any (most subjects of a retention batch): `found` tells which subjects have rows, in
 * one statement for all; those are erased one by one with `erase`, in order, and the others get
 * what `erase` gives when it finds nothing.
 */
export async function eraseWhereFound(
  erase: PersonalDataModule['erase'],
  db: Executor,
  erasures: readonly SubjectErasure[],
  found: (erasures: readonly SubjectErasure[]) => Promise<boolean[]>,
): Promise<ErasureOutcome[]> {
  const has = await found(erasures);
  const out: ErasureOutcome[] = [];
  for (const [i, e] of erasures.entries())
    out.push(has[i] ? await erase(db, e.subject, e.plan) : { erased: 0, kept: [] });
  return out;
}

/**
 * Each person's share of what one statement ended for the whole batch, counted by key (a
 * pseudonym): a key two people share is the first's, as when they are erased one after the other
 * (the second then finds nothing under it).
 */
export function erasedInTurn(
  keysOfPeople: readonly (readonly string[])[],
  ended: ReadonlyMap<string, number>,
): number[] {
  const counted = new Set<string>();
  return keysOfPeople.map((keys) => {
    let erased = 0;
    for (const k of keys) {
      if (counted.has(k)) continue;
      counted.add(k);
      erased += ended.get(k) ?? 0;
    }
    return erased;
  });
}

const NAME = /^[a-z][a-z0-9_]*$/;

export class PersonalDataRegistry {
  readonly #modules = new Map<string, PersonalDataModule>();

  register(module: PersonalDataModule): void {
    if (!NAME.test(module.name))
      throw new Error(`personal-data module name ${module.name} must match ${NAME}`);
    if (this.#modules.has(module.name))
      throw new Error(`personal-data module ${module.name} registered twice`);
    this.#modules.set(module.name, module);
  }

  /** Every module, in name order, so every run visits them in the same order. */
  modules(): PersonalDataModule[] {
    return [...this.#modules.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): PersonalDataModule | undefined {
    return this.#modules.get(name);
  }

  /** The categories a legal hold on a customer keeps from her erasure, sorted, once each. */
  categoriesKeptUnderCustomerHold(): string[] {
    const kept = this.modules().filter((m) => m.keptUnderCustomerHold);
    return [...new Set(kept.flatMap((m) => m.categories))].sort();
  }

  /** Every table some module covers, for the schema coverage test. */
  coveredTables(): Set<string> {
    return new Set(this.modules().flatMap((m) => m.tables));
  }
}
