import { Kysely, PostgresDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { customerOrEmail, isCustomerOrEmailOf } from './customer-or-email.ts';

// Compiles only: a dialect needs a pool, which is never asked for a connection here.
const db = new Kysely<{ t: { customer_id: string | null; account_index: string | null } }>({
  dialect: new PostgresDialect({ pool: {} as never }),
});

describe('customerOrEmail', () => {
  it('asks nothing of the database when nobody has an account or an address', () => {
    expect(customerOrEmail([{ customerId: null, emailIndex: null }], 'email_index')).toBe(
      undefined,
    );
  });

  it('finds rows by any of the accounts or any of the addresses, in the named column', () => {
    const theirs = customerOrEmail(
      [
        { customerId: 'c1', emailIndex: 'e1' },
        { customerId: null, emailIndex: 'e2' },
      ],
      'account_index',
    )!;
    const q = db.selectFrom('t').selectAll().where(theirs).compile();
    expect(q.sql.replace(/\s+/g, ' ')).toBe(
      'select * from "t" where (customer_id = any($1) or "account_index" = any($2))',
    );
    expect(q.parameters).toEqual([['c1'], ['e1', 'e2']]);
  });
});

describe('isCustomerOrEmailOf', () => {
  const person = { customerId: 'c1', emailIndex: 'e1' };
  it('is the person’s row by account, by address, or both', () => {
    expect(isCustomerOrEmailOf(person, 'c1', null)).toBe(true);
    expect(isCustomerOrEmailOf(person, 'c2', 'e1')).toBe(true);
    expect(isCustomerOrEmailOf(person, 'c2', 'e2')).toBe(false);
  });
  it('never matches an absent key with an absent column', () => {
    expect(isCustomerOrEmailOf({ customerId: null, emailIndex: null }, null, null)).toBe(false);
  });
});
