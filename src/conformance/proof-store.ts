/**
 * The proof record on disk (`CUSTODIAN_PROOF`, default `DATA_DIR/proof/last-run.json`). Written
 * by the test reporter after a whole-suite run, or imported with `custodian conformance
 * --results <file>` from the CI run of the same commit; read by `/privacy/proof`. It holds test
 * names and outcomes only, no personal data. Written to a temporary file and renamed, so a
 * crash never leaves half a record for the page to read.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyProofRecord, proofRecordSchema, type ProofRecord } from './proof-run.ts';

export class ProofRecordError extends Error {}

/** The record in `file`; the empty record when there is none yet. */
export function readProofRecord(file: string): ProofRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyProofRecord;
    throw e;
  }
  return parseProofRecord(text, file);
}

export function parseProofRecord(text: string, file: string): ProofRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProofRecordError(`${file} is not JSON`);
  }
  const parsed = proofRecordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProofRecordError(
      `${file} is not a proof record: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`,
    );
  }
  return parsed.data;
}

export function writeProofRecord(file: string, record: ProofRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(temporary, file);
}
