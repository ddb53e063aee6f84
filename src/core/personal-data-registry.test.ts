import { describe, expect, it } from 'vitest';
import { erasedInTurn } from './personal-data-registry.ts';

describe('erasedInTurn', () => {
  it('gives each person what their keys ended, a shared key to the first who has it', () => {
    const ended = new Map([
      ['p1', 3],
      ['shared', 2],
      ['p3', 1],
    ]);
    expect(erasedInTurn([['p1', 'shared'], ['shared', 'p3'], ['none']], ended)).toEqual([5, 1, 0]);
  });
});
