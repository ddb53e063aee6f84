/**
 * The manifest as plain data, kept after a successful load so the next start skips the YAML
 * parser: parsing the 50 KB manifest was ~300–600 ms of every start (the parser runs cold once
 * per process), validating it a fraction of that. Only the YAML step is cached: the data is
 * validated against the schema of the code that runs on every load, so a changed schema can
 * never be served an old result. The entry names the SHA-256 of the YAML text it came from
 * (and the yaml library's version) and is used only for that exact text; one file, replaced
 * whole.
 *
 * @example
 *   const data = readParsed(cacheFile, text); // undefined: parse the YAML
 *   writeParsed(cacheFile, text, data);
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface Entry {
  key: string;
  data: unknown;
}

let yamlVersion: string | undefined;
function keyOf(text: string): string {
  if (yamlVersion === undefined) {
    const entry = createRequire(import.meta.url).resolve('yaml');
    // yaml's entry is dist/index.js: its package.json is one folder up.
    const pkg = JSON.parse(
      readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
    ) as { version?: string };
    yamlVersion = pkg.version ?? 'unknown';
  }
  return `yaml ${yamlVersion} ${createHash('sha256').update(text).digest('base64url')}`;
}

/** The data cached for exactly `text`, or undefined (no cache, another text, unreadable). */
export function readParsed(file: string, text: string): unknown {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    return entry.key === keyOf(text) ? entry.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `data` for `text`; a cache that cannot be written only costs the next start time. */
export function writeParsed(file: string, text: string, data: unknown): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key: keyOf(text), data } satisfies Entry));
    renameSync(tmp, file);
  } catch {
    // Read-only data directory: parse again next time.
  }
}
