import { describe, expect, it } from 'vitest';
import { forgetRead, memoRead, memoReadMany, withReadMemo } from './read-memo.ts';

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

  it('reads many keys in one call: only those not read yet, each once, each memoised alone', async () => {
    const db = {};
    const asked: string[][] = [];
    const readMany = (keys: string[]) => async (indexes: number[]) => {
      asked.push(indexes.map((i) => keys[i]!));
      return indexes.map((i) => `row of ${keys[i]}`);
    };
    await withReadMemo(db, async () => {
      await memoRead(db, 'a', async () => 'row of a');
      const keys = ['a', 'b', 'c', 'b'];
      expect(await memoReadMany(db, keys, readMany(keys))).toEqual([
        'row of a',
        'row of b',
        'row of c',
        'row of b',
      ]);
      // 'a' was read before, 'b' is asked once.
      expect(asked).toEqual([['b', 'c']]);
      // A later single read of one of them is the batch's answer, without a read.
      expect(await memoRead(db, 'c', async () => 'read again')).toBe('row of c');
    });
    // Outside a scope, every key is read.
    const keys = ['a', 'b'];
    await memoReadMany(db, keys, readMany(keys));
    expect(asked.at(-1)).toEqual(['a', 'b']);
  });
});
