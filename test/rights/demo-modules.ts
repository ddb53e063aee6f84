/**
 * Two demo personal-data modules on their own test tables, to exercise the rights engine without
 * depending on the real modules: `demo_profile` (deleted on erasure) and `demo_orders` (kept for
 * accounting, unlinked from the customer). Each eraser records itself in `demo_erasures` inside
 * its own transaction, so a test can count how many times a module's erasure took effect, and
 * passes a crash point between its statements, so a kill can land inside a module's erasure.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/kit/db/database.ts';
import { crashPoint } from '../../src/rights/engine/crash-point.ts';
import type {
  Executor,
  PersonalDataModule,
  SubjectRef,
} from '../../src/core/personal-data-registry.ts';

export async function createDemoTables(database: Database): Promise<void> {
  await sql`create table if not exists demo_profiles (
    id serial primary key, customer_id text not null, kind text not null, value text not null)`.execute(
    database.db,
  );
  await sql`create table if not exists demo_orders (
    id serial primary key, customer_id text, total_cents int not null, billing text not null)`.execute(
    database.db,
  );
  await sql`create table if not exists demo_erasures (
    request_id text not null, module text not null)`.execute(database.db);
}

export async function seedDemoSubject(database: Database, customerId: string): Promise<void> {
  await sql`insert into demo_profiles (customer_id, kind, value) values
    (${customerId}, 'name', ${`Name of ${customerId}`}),
    (${customerId}, 'email', ${`${customerId}@example.test`}),
    (${customerId}, 'phone', '+358 40 000 0000')`.execute(database.db);
  await sql`insert into demo_orders (customer_id, total_cents, billing) values
    (${customerId}, 1999, 'sealed-billing-1'), (${customerId}, 2999, 'sealed-billing-2')`.execute(
    database.db,
  );
}

async function rowsOf(db: Executor, table: 'demo_profiles' | 'demo_orders', s: SubjectRef) {
  const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}
    where customer_id = ${s.customerId} order by id`.execute(db);
  return result.rows;
}

export const demoProfile: PersonalDataModule = {
  name: 'demo_profile',
  tables: ['demo_profiles'],
  categories: ['user.name', 'user.contact.email', 'user.contact.phone'],
  async export(db, subject) {
    const rows = await rowsOf(db, 'demo_profiles', subject);
    return {
      'user.name': rows.filter((r) => r.kind === 'name'),
      'user.contact.email': rows.filter((r) => r.kind === 'email'),
      'user.contact.phone': rows.filter((r) => r.kind === 'phone'),
    };
  },
  async erase(db, subject, plan) {
    let erased = 0;
    // One statement per row, with a crash point between: a kill here must not half-erase.
    for (const kind of ['name', 'email', 'phone']) {
      const r = await sql`delete from demo_profiles where customer_id = ${subject.customerId}
        and kind = ${kind}`.execute(db);
      erased += Number(r.numAffectedRows ?? 0);
      crashPoint(`${plan.requestId} demo_profile deleted ${kind}`);
    }
    await sql`insert into demo_erasures values (${plan.requestId}, 'demo_profile')`.execute(db);
    return { erased, kept: [] };
  },
};

export const demoOrders: PersonalDataModule = {
  name: 'demo_orders',
  tables: ['demo_orders'],
  categories: ['user.purchase_history', 'user.financial.billing'],
  async export(db, subject) {
    return { 'user.purchase_history': await rowsOf(db, 'demo_orders', subject) };
  },
  async erase(db, subject, plan) {
    const keepBilling = plan.keep.some((k) => k.category === 'user.financial.billing');
    const r = keepBilling
      ? await sql`update demo_orders set customer_id = null
          where customer_id = ${subject.customerId}`.execute(db)
      : await sql`delete from demo_orders where customer_id = ${subject.customerId}`.execute(db);
    crashPoint(`${plan.requestId} demo_orders unlinked`);
    await sql`insert into demo_erasures values (${plan.requestId}, 'demo_orders')`.execute(db);
    return {
      erased: Number(r.numAffectedRows ?? 0),
      kept: keepBilling ? ['user.financial.billing'] : [],
    };
  },
};
