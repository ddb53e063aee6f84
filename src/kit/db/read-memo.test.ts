import { describe, expect, it } from 'vitest';
import { forgetRead, memoRead, withReadMemo } from './read-memo.ts';

/** A read that counts how often it reached "the database". */
function counter() {
  let calls = 0;
  return {
    read: async () => ({ call: ++calls }),
    get calls() {
      return calls;
    },
  };
}

describe('read memo', () => {
  it('reads every time outside a scope', async () => {
    const db = {};
    const c = counter();
    await memoRead(db, 'k', c.read);
    await memoRead(db, 'k', c.read);
    expect(c.calls).toBe(2);
  });

  it('reads a key once per scope and executor, and again after the scope ends', async () => {
    const db = {};
    const other = {};
    const c = counter();
    await withReadMemo(db, async () => {
      const first = await memoRead(db, 'k', c.read);
      expect(await memoRead(db, 'k', c.read)).toBe(first);
      await memoRead(db, 'j', c.read);
      // Another executor (another transaction) is not in the scope.
      await memoRead(other, 'k', c.read);
      await memoRead(other, 'k', c.read);
    });
    expect(c.calls).toBe(4);
    await memoRead(db, 'k', c.read);
    expect(c.calls).toBe(5);
  });

  it('reads again after forgetRead, and a nested scope shares the outer one', async () => {
    const db = {};
    const c = counter();
    await withReadMemo(db, async () => {
      await memoRead(db, 'k', c.read);
      await withReadMemo(db, () => memoRead(db, 'k', c.read));
      expect(c.calls).toBe(1);
      forgetRead(db, 'k');
      await memoRead(db, 'k', c.read);
      expect(c.calls).toBe(2);
    });
  });

  it('drops the scope when the work throws', async () => {
    const db = {};
    const c = counter();
    await expect(
      withReadMemo(db, async () => {
        await memoRead(db, 'k', c.read);
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    await memoRead(db, 'k', c.read);
    expect(c.calls).toBe(2);
  });
});
