import { describe, expect, it } from 'vitest';
import { LedgerWriter } from './ledger-writer.ts';

describe('ledger writer (group commit)', () => {
  it('acknowledges a record only after the batch holding it is written', async () => {
    const written: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writer = new LedgerWriter<number>(async (items) => {
      if (written.length === 0) await gate;
      written.push(items);
    });
    const acked: number[] = [];
    const all = [1, 2, 3].map((n) => writer.append(n).then(() => acked.push(n)));
    await new Promise((r) => setTimeout(r, 20));
    expect(acked).toEqual([]); // the first batch is still "committing"
    const later = [4, 5].map((n) => writer.append(n).then(() => acked.push(n)));
    release();
    await Promise.all([...all, ...later]);
    expect(written).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(acked.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(writer.stats).toEqual({ batches: 2, records: 5, largest: 3 });
  });

  it('fails only the record that cannot be written, not its batch neighbours', async () => {
    const stored: number[] = [];
    const writer = new LedgerWriter<number>(async (items) => {
      if (items.includes(13)) throw new Error('constraint');
      stored.push(...items);
    });
    const results = await Promise.allSettled([12, 13, 14].map((n) => writer.append(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored.sort()).toEqual([12, 14]);
    await writer.idle();
  });

  it('runs at most `concurrency` batches at once', async () => {
    let running = 0;
    let peak = 0;
    const writer = new LedgerWriter<number>(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      },
      { concurrency: 2, maxBatch: 1 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.append(i)));
    expect(peak).toBe(2);
  });
});
