/**
 * The promise-map reporter: after a whole-suite run it records every test that declares statement
 * ids (test/support/proves.ts) with its outcome, writes the record where `/privacy/proof` reads it
 * (`CUSTODIAN_PROOF`, default `DATA_DIR/proof/last-run.json`), prints the map's tally, and fails
 * the run (exit code 1) naming each statement without a passing proof.
 *
 * Only a whole-suite run is judged or recorded: every test file the config includes ran, with no
 * test-name filter. Running one file (`npx vitest run x.test.ts`), `--changed`, a shard or `-t`
 * leaves statements unproven by design, and must neither fail nor overwrite the last full record.
 * It re-runs nothing: it reads the outcomes vitest already has.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { checkConformance, describeConformance } from '../../src/conformance/conformance-check.ts';
import type { ProofRun, RecordedTest } from '../../src/conformance/proof-run.ts';
import { readProofRecord, writeProofRecord } from '../../src/conformance/proof-store.ts';
import { withRun } from '../../src/conformance/proof-run.ts';
import { loadManifest } from '../../src/core/manifest/manifest-loader.ts';
import { loadConfig } from '../../src/kit/config.ts';

/** The ids a test declares, on itself or on any suite around it. */
function declaredIds(test: TestCase): string[] {
  const ids = [...(test.meta().proves ?? [])];
  for (let p = test.parent; p.type === 'suite'; p = p.parent) ids.push(...(p.meta().proves ?? []));
  return [...new Set(ids)];
}

function recorded(test: TestCase, root: string): RecordedTest {
  const state = test.result().state;
  return {
    file: path.relative(root, test.module.moduleId),
    name: test.fullName,
    proves: declaredIds(test),
    state: state === 'passed' || state === 'failed' ? state : 'skipped',
  };
}

export default class ConformanceReporter implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  async onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    const vitest = this.#vitest;
    if (!vitest || reason === 'interrupted' || !(await this.#wholeSuite(vitest, testModules))) {
      return;
    }
    const root = vitest.config.root;
    const run: ProofRun = {
      database: process.env.CUSTODIAN_TEST_DB === 'postgres' ? 'postgres' : 'pglite',
      finishedAt: new Date().toISOString(),
      tests: testModules
        .flatMap((m) => [...m.children.allTests()])
        .map((t) => recorded(t, root))
        .filter((t) => t.proves.length > 0),
    };
    const config = loadConfig(process.env);
    const manifest = (await loadManifest(config.manifestPath)).manifest;
    const result = checkConformance(manifest, run, (module) => {
      try {
        return readFileSync(path.join(root, module), 'utf8');
      } catch {
        return null;
      }
    });
    writeProofRecord(config.proofResults, withRun(readProofRecord(config.proofResults), run));
    const lines = describeConformance(result, run.database);
    vitest.logger.log(`\n${lines.join('\n')}\n  record: ${config.proofResults}\n`);
    if (result.findings.length > 0) {
      vitest.logger.error(
        'The privacy policy makes promises no passing test proves (see above): tag the test that ' +
          'proves each with proves(…) from test/support/proves.ts, or write one.',
      );
      process.exitCode = 1;
    }
  }

  async #wholeSuite(vitest: Vitest, ran: ReadonlyArray<TestModule>): Promise<boolean> {
    if (vitest.config.testNamePattern) return false;
    const all = await vitest.globTestSpecifications();
    const ranIds = new Set(ran.map((m) => m.moduleId));
    return all.length > 0 && all.every((spec) => ranIds.has(spec.moduleId));
  }
}
