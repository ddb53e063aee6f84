import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, shippedPath } from '../../../test/policy/manifest-fixtures.ts';
import { listStatements } from '../../conformance/statements.ts';
import type { ProofRecord } from '../../conformance/proof-run.ts';
import { readProofRecord } from '../../conformance/proof-store.ts';
import { loadManifest } from '../../core/manifest/manifest-loader.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('custodian conformance (as a child process)', { timeout: 180_000 }, () => {
  let dir: string;
  let ids: string[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'custodian-conformance-'));
    ids = listStatements((await loadManifest(shippedPath)).manifest).map((s) => s.id);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const custodian = (record: string, ...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(root, 'bin/custodian.js'), 'conformance', ...args],
        {
          cwd: root,
          env: {
            ...process.env,
            LOG_LEVEL: 'silent',
            MANIFEST: shippedPath,
            CUSTODIAN_PROOF: record,
          },
        },
        (err, stdout, stderr) =>
          resolve({
            code: err ? Number((err as { code?: unknown }).code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    });

  /** A CI record where one test proves each statement, but those in `removed`. */
  const ciRecord = (name: string, ...removed: string[]): string => {
    const file = path.join(dir, name);
    const record: ProofRecord = {
      format: 1,
      runs: [
        {
          database: 'postgres',
          finishedAt: '2026-12-04T12:00:00.000Z',
          tests: ids
            .filter((id) => !removed.includes(id))
            .map((id) => ({
              file: 't.test.ts',
              name: `proves ${id}`,
              proves: [id],
              state: 'passed',
            })),
        },
      ],
    };
    writeFileSync(file, JSON.stringify(record));
    return file;
  };

  it('lists every statement and fails while no run is recorded', async () => {
    const run = await custodian(path.join(dir, 'none.json'));
    expect(run.code).toBe(1);
    for (const id of ids) expect(run.stdout).toContain(`· ${id}  `);
    expect(run.stderr).toMatch(/No test run is recorded/);
  });

  it('imports a CI record, prints the map and passes when every statement is proven', async () => {
    const record = path.join(dir, 'installed.json');
    const run = await custodian(record, '--results', ciRecord('ci.json'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('✓ retention:consumer_trade  ');
    expect(run.stdout).toContain('passed (postgres) t.test.ts › proves retention:consumer_trade');
    expect(run.stdout).toContain(`${ids.length} of ${ids.length} statements proven`);
    expect(readProofRecord(record).runs.map((r) => r.database)).toEqual(['postgres']);
  });

  it('fails naming a statement whose proof is missing from the record', async () => {
    const run = await custodian(
      path.join(dir, 'partial.json'),
      '--results',
      ciRecord('ci-partial.json', 'recipient:posti:fields'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ recipient:posti:fields: no passing proof');
    expect(run.stderr).toMatch(/without a passing proof on postgres/);
  });

  it('refuses a file that is not a proof record, and imports nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"format": 2}');
    const record = path.join(dir, 'untouched.json');
    const run = await custodian(record, '--results', bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a proof record/);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(record)).toBe(false);
  });
});
