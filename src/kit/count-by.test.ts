import { describe, expect, it } from 'vitest';
import { countBy } from './count-by.ts';

describe('countBy', () => {
  it('counts the items of each key in first-seen order and skips those without a key', () => {
    const rows = [{ id: 'b' }, { id: 'a' }, { id: null }, { id: 'b' }, { id: undefined }];
    expect([...countBy(rows, (r) => r.id)]).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('gives an empty map for no items', () => {
    expect(countBy([], (r: { id: string }) => r.id).size).toBe(0);
  });
});
