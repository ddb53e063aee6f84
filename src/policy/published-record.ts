/**
 * The committed record of published versions: `privacy/hersecret.published.json` next to
 * `privacy/hersecret.yaml`, one entry per publication, appended by `custodian policy publish`.
 *
 * Why a file as well as the database: `custodian manifest lint` runs in CI and on a DPO's laptop
 * without the store's database, and must still see that the manifest changed without a new
 * version. The database stays the truth at start-up (policy.service.ts); the file is its copy
 * under version control, so a manifest edit and its publication are reviewed together.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { LastPublished } from './published-lint.ts';

const entry = z.object({
  version: z.number().int().positive(),
  policyVersion: z.number().int().positive(),
  effectiveDate: z.string(),
  significant: z.boolean(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
const record = z.object({ published: z.array(entry) });

export type PublishedEntry = z.infer<typeof entry>;

/** `privacy/hersecret.yaml` → `privacy/hersecret.published.json`. */
export function recordPathFor(manifestFile: string): string {
  return manifestFile.replace(/\.ya?ml$/i, '') + '.published.json';
}

/** The entries of the record, or undefined when the manifest has none (never published). */
export async function readPublishedRecord(
  manifestFile: string,
): Promise<PublishedEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(recordPathFor(manifestFile), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = record.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${recordPathFor(manifestFile)} is not a record of published versions`);
  return parsed.data.published;
}

export function lastPublished(entries: readonly PublishedEntry[]): LastPublished | undefined {
  const last = [...entries].sort((a, b) => b.version - a.version)[0];
  return (
    last && {
      version: last.version,
      policyVersion: last.policyVersion,
      contentHash: last.contentHash,
    }
  );
}

/** Adds (or replaces) a publication's entry. */
export async function writePublishedEntry(manifestFile: string, e: PublishedEntry): Promise<void> {
  const entries = ((await readPublishedRecord(manifestFile)) ?? []).filter(
    (x) => x.version !== e.version,
  );
  entries.push(e);
  entries.sort((a, b) => a.version - b.version);
  await writeFile(
    recordPathFor(manifestFile),
    `${JSON.stringify({ published: entries }, null, 2)}\n`,
  );
}
