/**
 * The gate of the promise map itself: a statement of the shipped manifest whose proof is removed
 * is named, and a whole-suite run fails on it, while a run of one file does not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConformance } from '../../src/conformance/conformance-check.ts';
import { conformanceMap, gateFindings } from '../../src/conformance/conformance-map.ts';
import type { ProofRun, RecordedTest } from '../../src/conformance/proof-run.ts';
import { readProofRecord } from '../../src/conformance/proof-store.ts';
import { unimplementedMeasures } from '../../src/conformance/security-implementations.ts';
import { listStatements, type Statement } from '../../src/conformance/statements.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';

let manifest: Manifest;
let statements: Statement[];
beforeAll(async () => {
  manifest = (await loadManifest('privacy/hersecret.yaml')).manifest;
  statements = listStatements(manifest);
});

/** A recorded run where one passing test proves each statement, minus `removed`. */
function runWithout(...removed: string[]): ProofRun {
  const tests: RecordedTest[] = statements
    .filter((s) => !removed.includes(s.id))
    .map((s) => ({ file: 'x.test.ts', name: `proves ${s.id}`, proves: [s.id], state: 'passed' }));
  return { database: 'pglite', finishedAt: '2026-12-04T10:00:00.000Z', tests };
}

const source = (module: string) => (existsSync(module) ? readFileSync(module, 'utf8') : null);

describe('the statements of the shipped manifest', () => {
  it('have stable, unique ids for every kind of promise', () => {
    const ids = statements.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'purpose:payment',
      'recipient:posti:fields',
      'recipient:authorities:fields',
      'retention:consumer_trade',
      'right:erasure',
      'security:audit_log',
      'security:encryption',
      'cookie:hs_cart',
    ]) {
      expect(ids).toContain(id);
    }
    expect(listStatements(manifest).map((s) => s.id)).toEqual(ids);
  });
});

describe('the conformance gate', () => {
  it('passes a run that proves every statement', () => {
    expect(checkConformance(manifest, runWithout(), source).findings).toEqual([]);
  });

  it.each([['retention:consumer_trade'], ['recipient:posti:fields'], ['security:audit_log']])(
    'names %s when the test proving it is removed',
    (id) => {
      const result = checkConformance(manifest, runWithout(id), source);
      expect(result.findings).toEqual([{ id, problem: 'no passing proof' }]);
      expect(result.proven).toBe(result.total - 1);
    },
  );

  it('counts a skipped proof as none, a failed one as a failure, and passed beside skipped as proof', () => {
    const id = 'retention:consumer_trade';
    const run = runWithout(id);
    const withState = (...states: RecordedTest['state'][]): ProofRun => ({
      ...run,
      tests: [
        ...run.tests,
        ...states.map((state, i) => ({ file: 'y.test.ts', name: `t${i}`, proves: [id], state })),
      ],
    });
    expect(gateFindings(statements, withState('skipped'))).toEqual([
      { id, problem: 'no passing proof' },
    ]);
    expect(gateFindings(statements, withState('passed', 'failed'))).toEqual([
      { id, problem: 'a proof failed' },
    ]);
    expect(gateFindings(statements, withState('passed', 'skipped'))).toEqual([]);
  });

  it('names an id no statement has, so a typo cannot pass for a proof', () => {
    const run = runWithout();
    run.tests.push({ file: 'z.test.ts', name: 'z', proves: ['retention:orderz'], state: 'passed' });
    expect(gateFindings(statements, run)).toEqual([
      { id: 'retention:orderz', problem: 'not a statement of the manifest' },
    ]);
  });

  it('fails a claimed security measure whose module is gone, even with a passing test', () => {
    const withoutVerifier = (module: string) =>
      module === 'src/audit/audit-verify.ts' ? null : source(module);
    expect(checkConformance(manifest, runWithout(), withoutVerifier).findings).toEqual([
      {
        id: 'security:audit_log',
        problem: 'not implemented',
        missing: 'src/audit/audit-verify.ts: verifyChain',
      },
    ]);
    const renamed = (module: string) =>
      module === 'src/kit/vault/backup.ts'
        ? source(module)!.replace('function restoreDatabase', 'function restoreDb')
        : source(module);
    expect(unimplementedMeasures(['backups', 'encryption'], renamed)).toEqual([
      { id: 'security:backups', missing: 'src/kit/vault/backup.ts: restoreDatabase' },
    ]);
  });

  it('keeps the latest passing date per statement across the two databases', () => {
    const pg: ProofRun = {
      ...runWithout(),
      database: 'postgres',
      finishedAt: '2026-12-04T11:00:00.000Z',
    };
    const map = conformanceMap(statements, { format: 1, runs: [runWithout('right:access'), pg] });
    const access = map.find((p) => p.statement.id === 'right:access')!;
    expect(access).toMatchObject({ status: 'proven', lastProven: pg.finishedAt });
    expect(access.tests.map((t) => t.database)).toEqual(['postgres']);
  });
});

describe('a vitest run with the conformance reporter', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'custodian-gate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const vitest = (record: string, drop: string, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'test/conformance/fixture/vitest.config.ts',
        ...args,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, CUSTODIAN_PROOF: record, FIXTURE_DROP: drop, NO_COLOR: '1' },
        timeout: 120_000,
      },
    );

  it('fails the whole suite naming the unproven statement, and records the run', () => {
    const record = path.join(dir, 'dropped.json');
    const run = vitest(record, 'retention:consumer_trade');
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/✗ retention:consumer_trade: no passing proof/);
    const [recorded] = readProofRecord(record).runs;
    expect(recorded?.tests.map((t) => t.state)).toEqual(['passed']);
  });

  it('passes the whole suite when every statement is proven', () => {
    const record = path.join(dir, 'all.json');
    const run = vitest(record, '');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Promise map \((pglite|postgres)\): (\d+) of \2 statements proven/);
  });

  it('neither fails nor records when only some files or tests run', () => {
    const record = path.join(dir, 'subset.json');
    for (const filter of [['-t', 'stands in'], ['all-promises']]) {
      const run = vitest(record, 'retention:consumer_trade', ...filter);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(/Promise map/);
    }
    expect(existsSync(record)).toBe(false);
  });
});
