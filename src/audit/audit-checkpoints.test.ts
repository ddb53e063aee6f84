import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCheckpoints } from './audit-checkpoints.ts';

const hash = (c: string) => c.repeat(64);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'custodian-checkpoints-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('file checkpoints of several nodes', () => {
  it("reads the other nodes' lines first, each file in its order, and writes only its own", async () => {
    const own = path.join(dir, 'a', 'checkpoints.jsonl');
    const peer = path.join(dir, 'b', 'checkpoints.jsonl');
    const mark = { rule: 'system_logs', boundary: '2025-12-01', kept: 0, keptDigest: hash('0') };
    const other = fileCheckpoints(peer);
    // B checkpointed, then cut after it: the order a cut is checked by.
    await other.append({ position: 5, hash: hash('b'), at: '' });
    await other.append({ position: 3, hash: hash('c'), at: '', cut: mark });
    const store = fileCheckpoints(own, [peer, path.join(dir, 'none.jsonl')]);
    await store.append({ position: 7, hash: hash('a'), at: '' });
    expect((await store.read()).map((c) => [c.position, c.cut !== undefined])).toEqual([
      [5, false],
      [3, true],
      [7, false],
    ]);
    // The last line is this node's own: what `checkpoint()` compares the head with.
    expect((await store.read()).at(-1)?.hash).toBe(hash('a'));
    expect((await other.read()).map((c) => c.position)).toEqual([5, 3]);
    expect(store.location).toContain(peer);
  });
});
