/**
 * The promise map: each statement of the policy, the tests that declare they prove it, and
 * whether they did. The rule, the same for the gate and the page:
 *
 * - proven: at least one declaring test passed and none failed;
 * - failed: a declaring test failed;
 * - unproven: no declaring test passed, because there is none or every one was skipped.
 *
 * A skipped test neither proves nor fails: the browser page tests skip by design on the
 * PostgreSQL pass, so every statement needs a proof that runs on both databases, and the gate
 * holds each pass to that on its own (`gateFindings` looks at one run).
 */
import type { ProofRecord, ProofRun, RecordedTest } from './proof-run.ts';
import type { Statement } from './statements.ts';

export type ProofStatus = 'proven' | 'failed' | 'unproven';

export interface StatementProof {
  statement: Statement;
  status: ProofStatus;
  /** Declaring tests, one entry per test and database it ran on. */
  tests: (RecordedTest & { database: ProofRun['database'] })[];
  /** When a run last proved it (ISO time), if one did. */
  lastProven: string | null;
}

function statusOf(tests: readonly RecordedTest[]): ProofStatus {
  if (tests.some((t) => t.state === 'failed')) return 'failed';
  return tests.some((t) => t.state === 'passed') ? 'proven' : 'unproven';
}

export function conformanceMap(
  statements: readonly Statement[],
  record: ProofRecord,
): StatementProof[] {
  return statements.map((statement) => {
    const perRun = record.runs.map((run) => ({
      run,
      tests: run.tests.filter((t) => t.proves.includes(statement.id)),
    }));
    const tests = perRun.flatMap(({ run, tests }) =>
      tests.map((t) => ({ ...t, database: run.database })),
    );
    const proving = perRun.filter(({ tests }) => statusOf(tests) === 'proven');
    const failed = perRun.some(({ tests }) => statusOf(tests) === 'failed');
    return {
      statement,
      status: failed ? 'failed' : proving.length > 0 ? 'proven' : 'unproven',
      tests,
      lastProven:
        proving
          .map(({ run }) => run.finishedAt)
          .sort()
          .at(-1) ?? null,
    };
  });
}

export interface GateFinding {
  id: string;
  problem: 'no passing proof' | 'a proof failed' | 'not a statement of the manifest';
}

/**
 * What fails a whole-suite run: a statement without a passing proof, and a test declaring an id
 * the manifest does not make (a typo would otherwise prove nothing, silently).
 */
export function gateFindings(statements: readonly Statement[], run: ProofRun): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const proof of conformanceMap(statements, { format: 1, runs: [run] })) {
    if (proof.status === 'unproven')
      findings.push({ id: proof.statement.id, problem: 'no passing proof' });
    if (proof.status === 'failed')
      findings.push({ id: proof.statement.id, problem: 'a proof failed' });
  }
  const known = new Set(statements.map((s) => s.id));
  const unknown = new Set(run.tests.flatMap((t) => t.proves).filter((id) => !known.has(id)));
  for (const id of unknown) findings.push({ id, problem: 'not a statement of the manifest' });
  return findings;
}
