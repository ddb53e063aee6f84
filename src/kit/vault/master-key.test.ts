import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { loadOrCreateIndexKey, loadOrCreateMasterKey, loadPendingMasterKey } from './master-key.ts';
import { fileShredLedger } from './shred-ledger.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'custodian-keys-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('master and index keys', () => {
  it('creates the key files once, mode 0600, and reads them back', async () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.vaultKeyDir).toBe(path.join(dir, 'keys'));
    const master = await loadOrCreateMasterKey(config);
    const index = await loadOrCreateIndexKey(config);
    expect(master).toHaveLength(32);
    expect(index).toHaveLength(32);
    expect(index.equals(master)).toBe(false);
    const file = path.join(dir, 'keys', 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect((await loadOrCreateMasterKey(config)).equals(master)).toBe(true);
    expect(await loadPendingMasterKey(config)).toBeUndefined();
  });

  it('prefers CUSTODIAN_MASTER_KEY and writes no file then', async () => {
    const key = randomBytes(32);
    const config = loadConfig({ DATA_DIR: dir, CUSTODIAN_MASTER_KEY: key.toString('base64') });
    expect((await loadOrCreateMasterKey(config)).equals(key)).toBe(true);
    expect(() => statSync(path.join(dir, 'keys', 'master.key'))).toThrow();
  });

  it('refuses a key of the wrong size and a key file others can read', async () => {
    expect(() => loadConfig({ CUSTODIAN_MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(
      /CUSTODIAN_MASTER_KEY: must be 32 bytes/,
    );
    const config = loadConfig({ DATA_DIR: dir });
    await loadOrCreateMasterKey(config);
    const file = path.join(dir, 'keys', 'master.key');
    chmodSync(file, 0o644);
    await expect(loadOrCreateMasterKey(config)).rejects.toThrow(/readable by others.*chmod 600/);
    chmodSync(file, 0o600);
    writeFileSync(file, 'c2hvcnQ=\n');
    await expect(loadOrCreateMasterKey(config)).rejects.toThrow(/must be 32 bytes/);
  });
});

describe('file shred ledger', () => {
  it('appends JSON lines, reads them back and skips a torn last line', async () => {
    const file = path.join(dir, 'ledger', 'shred-ledger.jsonl');
    const ledger = fileShredLedger(file);
    expect(await ledger.read()).toEqual([]);
    await ledger.append([{ op: 'shred-key', id: 'k1', at: '2026-01-01T00:00:00.000Z' }]);
    await ledger.append([{ op: 'unlink-pseudonym', id: 'l1', at: '2026-01-02T00:00:00.000Z' }]);
    writeFileSync(file, readFileSync(file, 'utf8') + '{"op":"shred-key","id":"k', { flag: 'w' });
    expect((await ledger.read()).map((e) => e.id)).toEqual(['k1', 'l1']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("reads the other nodes' files with its own (theirs first), and writes only its own", async () => {
    const own = path.join(dir, 'a', 'shred-ledger.jsonl');
    const peer = path.join(dir, 'b', 'shred-ledger.jsonl');
    const absent = path.join(dir, 'c', 'shred-ledger.jsonl');
    await fileShredLedger(peer).append([{ op: 'shred-key', id: 'kb', at: '' }]);
    const ledger = fileShredLedger(own, [peer, absent]);
    await ledger.append([{ op: 'shred-key', id: 'ka', at: '' }]);
    expect((await ledger.read()).map((e) => e.id)).toEqual(['kb', 'ka']);
    expect((await ledger.readOwn!()).map((e) => e.id)).toEqual(['ka']);
    expect((await fileShredLedger(peer).read()).map((e) => e.id)).toEqual(['kb']);
  });
});
