import { describe, expect, it } from 'vitest';
import { newVisitorId } from './visitor.ts';

describe('newVisitorId', () => {
  it('never repeats an id across many refills of its random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newVisitorId());
    expect(new Set(ids).size).toBe(ids.length);
    // The shape readVisitorId accepts back from the cookie: 16 random bytes, base64url.
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
