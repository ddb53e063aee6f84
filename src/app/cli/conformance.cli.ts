/**
 * `custodian conformance [--results <file>] [--json]`: the promise map of the manifest in force
 * over the recorded test runs, statement → tests → result, exit 1 when a statement has no passing
 * proof on a recorded run (or nothing was recorded). `--results` imports a record made elsewhere,
 * typically the CI run of the same commit, into `CUSTODIAN_PROOF`, where `/privacy/proof` shows it;
 * a deployment commits nothing generated. Where the sources are at hand (a checkout) it also
 * checks that every claimed security measure has its implementing module.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';

export function registerConformanceCommands(program: Command): void {
  program
    .command('conformance')
    .description('the promise map: every policy statement, the tests that prove it, and the result')
    .option('--results <file>', 'import a recorded test run (e.g. from CI) before checking')
    .option('--json', 'print the map as JSON')
    .action(async (opts: { results?: string; json?: boolean }) => {
      const config = loadConfig();
      const { loadManifest } = await import('../../core/manifest/manifest-loader.ts');
      const store = await import('../../conformance/proof-store.ts');
      const { withRun } = await import('../../conformance/proof-run.ts');
      const { conformanceMap } = await import('../../conformance/conformance-map.ts');
      const { checkConformance, describeConformance } =
        await import('../../conformance/conformance-check.ts');
      const { listStatements } = await import('../../conformance/statements.ts');

      const read = (file: string) => {
        try {
          return store.readProofRecord(file);
        } catch (e) {
          if (e instanceof store.ProofRecordError) throw new CliError(e.message, 2);
          throw e;
        }
      };
      let record = read(config.proofResults);
      if (opts.results) {
        if (!existsSync(opts.results)) throw new CliError(`${opts.results}: no such file`, 2);
        for (const run of read(opts.results).runs) record = withRun(record, run);
        store.writeProofRecord(config.proofResults, record);
      }
      const { manifest } = await loadManifest(config.manifestPath);
      const map = conformanceMap(listStatements(manifest), record);
      if (opts.json) {
        console.log(
          JSON.stringify(
            map.map((p) => ({
              id: p.statement.id,
              status: p.status,
              lastProven: p.lastProven,
              tests: p.tests.map((t) => ({
                name: t.name,
                file: t.file,
                database: t.database,
                state: t.state,
              })),
            })),
            null,
            2,
          ),
        );
      } else {
        for (const p of map) {
          const mark = { proven: '✓', failed: '✗', unproven: '·' }[p.status];
          console.log(`${mark} ${p.statement.id}  ${p.statement.text.en}`);
          for (const t of p.tests)
            console.log(`    ${t.state} (${t.database}) ${t.file} › ${t.name}`);
        }
      }
      if (record.runs.length === 0) {
        throw new CliError(
          `No test run is recorded in ${config.proofResults}: run npm test, or import one with --results.`,
          1,
        );
      }
      // The sources are in a checkout, not necessarily where the store runs from dist/.
      const sources = existsSync(path.resolve('src'));
      const failing: string[] = [];
      for (const run of record.runs) {
        const result = checkConformance(
          manifest,
          run,
          sources ? (m) => (existsSync(m) ? readFileSync(m, 'utf8') : null) : undefined,
        );
        const lines = describeConformance(result, `${run.database}, ${run.finishedAt}`);
        (opts.json ? console.error : console.log)(lines.join('\n'));
        if (result.findings.length > 0) failing.push(run.database);
      }
      if (failing.length > 0) {
        throw new CliError(`Promises without a passing proof on ${failing.join(', ')}.`, 1);
      }
    });
}
