/**
 * What a test run recorded about the promises: every test that declares statement ids (see
 * test/support/proves.ts), with its outcome. The vitest reporter writes it after a whole-suite
 * run; the gate, `custodian conformance` and `/privacy/proof` read it. Only outcomes are stored,
 * never the map itself: the map is recomputed from the current manifest, so a statement added
 * since the run shows as unproven instead of being silently missing.
 */
import { z } from 'zod';

export const proofDatabases = ['pglite', 'postgres'] as const;
export type ProofDatabase = (typeof proofDatabases)[number];

const recordedTest = z.strictObject({
  file: z.string(),
  name: z.string(),
  proves: z.array(z.string()),
  /** A skipped test (e.g. a browser test on the PostgreSQL pass) neither proves nor fails. */
  state: z.enum(['passed', 'failed', 'skipped']),
});
export type RecordedTest = z.infer<typeof recordedTest>;

const proofRun = z.strictObject({
  database: z.enum(proofDatabases),
  finishedAt: z.iso.datetime(),
  tests: z.array(recordedTest),
});
export type ProofRun = z.infer<typeof proofRun>;

/** The latest run on each database (CI runs the suite on both). */
export const proofRecordSchema = z.strictObject({
  format: z.literal(1),
  runs: z.array(proofRun).max(proofDatabases.length),
});
export type ProofRecord = z.infer<typeof proofRecordSchema>;

export const emptyProofRecord: ProofRecord = { format: 1, runs: [] };

/** The record with `run` replacing the earlier run on the same database. */
export function withRun(record: ProofRecord, run: ProofRun): ProofRecord {
  return { format: 1, runs: [...record.runs.filter((r) => r.database !== run.database), run] };
}
