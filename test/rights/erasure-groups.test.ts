/**
 * The erasers' transactions (request-runner.ts `erasureGroups`): the modules that find the
 * subject's rows by a pseudonym link commit before the module that unlinks it starts, because
 * its unlinking is in the shred ledger (re-applied at start-up) even if its transaction never
 * committed.
 */
import { describe, expect, it } from 'vitest';
import type { PersonalDataModule } from '../../src/core/personal-data-registry.ts';
import { disclosuresPersonalData } from '../../src/disclosures/disclosures.personal-data.ts';
import { erasureGroups } from '../../src/rights/engine/request-runner.ts';

const noop = async () => ({ erased: 0, kept: [] });
const module = (name: string, erasesLinks = false): PersonalDataModule => ({
  name,
  tables: [],
  categories: [],
  export: async () => ({}),
  erase: noop,
  ...(erasesLinks ? { erasesLinks: true } : {}),
});
const names = (groups: PersonalDataModule[][]) => groups.map((g) => g.map((m) => m.name));

describe('erasureGroups', () => {
  it('puts every eraser in one transaction when none unlinks', () => {
    expect(names(erasureGroups([module('a'), module('b'), module('c')]))).toEqual([
      ['a', 'b', 'c'],
    ]);
  });

  it('starts a new transaction at each module that unlinks, keeping the order', () => {
    const groups = erasureGroups([
      module('audit'),
      module('browsing'),
      module('disclosures', true),
      module('orders'),
      module('other_links', true),
      module('reviews'),
    ]);
    expect(names(groups)).toEqual([
      ['audit', 'browsing'],
      ['disclosures', 'orders'],
      ['other_links', 'reviews'],
    ]);
  });

  it('has no empty transaction when the first module unlinks', () => {
    expect(names(erasureGroups([module('d', true), module('e')]))).toEqual([['d', 'e']]);
    expect(erasureGroups([])).toEqual([]);
  });

  it('marks the disclosures module, whose erase unlinks the pseudonyms', () => {
    const vault = { existingPseudonym: async () => null, unlinkPseudonym: async () => {} };
    expect(disclosuresPersonalData(vault as never).erasesLinks).toBe(true);
  });
});
