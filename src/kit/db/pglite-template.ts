/**
 * A new PGlite database from a template instead of initdb. `npm run build` (bin/dist.js) runs
 * initdb once and keeps the empty cluster as `dist/pglite-template-<PGlite version>.tar.gz`; a
 * first start on an empty data directory unpacks it (about 1.5 s) rather than running initdb in
 * WebAssembly (3–9 s on the project's 2-core machine, and ~900 MB of memory at its peak). The
 * template holds nothing but what initdb makes (no migrations, no data), so only the PGlite
 * version can make it wrong, and that is in its name. Without it (no build, another version),
 * PGlite runs initdb as before. Every store made from it shares the same cluster system
 * identifier, which only physical replication looks at; PGlite has none.
 *
 * @example
 *   const template = pgliteTemplate(); // a Blob for PGlite's loadDataDir, or undefined
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** bin/dist.js writes the template under the same name. */
export function pgliteTemplatePath(distDir = path.join(root, 'dist')): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(
    readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  ) as { version: string };
  return path.join(distDir, `pglite-template-${pkg.version}.tar.gz`);
}

export function pgliteTemplate(file = pgliteTemplatePath()): Blob | undefined {
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}
