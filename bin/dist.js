/**
 * The compiled command line and server in `dist/`, and the rule for when to trust it.
 *
 * `npm install` and `npm ci` build it through the `prepare` script (`node bin/dist.js`); so does
 * `npm run build`. `bin/custodian.js` runs `dist/cli.js` only while it is newer than every source
 * file under `src/` (tests aside) and than this file; otherwise it runs the TypeScript sources
 * through tsx, about 3 s slower, so an edited source is never shadowed by an old build.
 * `CUSTODIAN_FROM_SOURCE=1` always runs the sources.
 *
 * @example
 *   node bin/dist.js   # builds dist/ (prints a note and exits 0 where esbuild is not installed)
 */
import { Buffer } from 'node:buffer';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { textFilesIn, writePrecompressed } from './precompress.js';

const here = fileURLToPath(import.meta.url);
export const root = path.resolve(path.dirname(here), '..');
export const distDir = path.join(root, 'dist');
export const distEntry = path.join(distDir, 'cli.js');
const srcDir = path.join(root, 'src');

/**
 * Whether `entry` exists and is at least as new as every file under `sources` (tests aside) and
 * every file in `alsoRead` (this build script).
 */
export function isFresh(entry = distEntry, sources = srcDir, alsoRead = [here]) {
  if (process.env.CUSTODIAN_FROM_SOURCE === '1' || !existsSync(entry)) return false;
  const built = statSync(entry).mtimeMs;
  if (alsoRead.some((f) => statSync(f).mtimeMs > built)) return false;
  for (const name of readdirSync(sources, { recursive: true, encoding: 'utf8' })) {
    if (/\.test\.tsx?$/.test(name)) continue;
    if (statSync(path.join(sources, name)).mtimeMs > built) return false;
  }
  return true;
}

/**
 * The bundle keeps two kinds of path working from `dist/`: `banner/build.mjs` stays a file of
 * its own (it finds the banner's sources next to itself), and a source's `import.meta.dirname`
 * still names the source's folder (src/kit/web/assets.ts serves the files beside it).
 */
const keepPaths = (outDir) => ({
  name: 'keep-paths',
  setup(build) {
    const fromOut = (file) => path.relative(outDir, file).split(path.sep).join('/');
    build.onResolve({ filter: /banner\/build\.mjs$/ }, () => ({
      path: fromOut(path.join(root, 'banner', 'build.mjs')),
      external: true,
    }));
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.dirname')) return undefined;
      return {
        contents: text.replaceAll(
          'import.meta.dirname',
          `(import.meta.dirname + ${JSON.stringify(`/${fromOut(path.dirname(args.path))}`)})`,
        ),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
});

/** Same name as src/kit/db/pglite-template.ts: the PGlite version is all the template depends on. */
export function pgliteTemplateName() {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(
    readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'),
  );
  return `pglite-template-${pkg.version}.tar.gz`;
}

/**
 * An empty PGlite cluster (initdb's output, nothing more) for new stores to start from
 * (src/kit/db/pglite-template.ts). initdb takes seconds, so the last build's copy is kept
 * while the PGlite version is the same.
 */
async function writePgliteTemplate(tmp, outDir) {
  const name = pgliteTemplateName();
  const kept = path.join(outDir, name);
  if (existsSync(kept)) return copyFileSync(kept, path.join(tmp, name));
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  writeFileSync(path.join(tmp, name), Buffer.from(await dump.arrayBuffer()));
}

/**
 * Builds `outDir` (`dist/` unless a test says otherwise; inside the project, where the packages
 * resolve) whole into a temporary folder, then swaps it in, so no run sees half a build. Besides
 * the bundle: `assets/`, the kit's text assets and the consent banner compressed once here rather
 * than at every start (bin/precompress.js; the banner itself is rebuilt into banner/dist), and
 * for `dist/` itself the PGlite template new stores start from.
 */
export async function buildDist(outDir = distDir, { template = outDir === distDir } = {}) {
  const esbuild = await import('esbuild');
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    // The seed's worker threads start from a file of their own (src/seed/seal-pool.ts).
    entryPoints: { cli: 'src/app/cli.ts', 'seal-worker': 'src/seed/seal-worker.ts' },
    outdir: tmp,
    bundle: true,
    // `serve`, `seed` and the rest import the service graph lazily: chunks keep `--help` fast.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [keepPaths(outDir)],
  });
  const { writeBanner } = await import('../banner/build.mjs');
  const banner = writeBanner();
  writePrecompressed(path.join(tmp, 'assets'), [
    ...textFilesIn(path.join(srcDir, 'kit', 'web', 'assets')),
    ['banner.js', Buffer.from(banner.js)],
    ['banner.css', Buffer.from(banner.css)],
  ]);
  if (template) await writePgliteTemplate(tmp, outDir);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
}

// Run by `prepare` or `npm run build` (realpath: the same test npm's bin links would defeat).
if (process.argv[1] && realpathSync(process.argv[1]) === here) {
  try {
    await import('esbuild');
  } catch {
    // A production install (`npm ci --omit=dev`) has no esbuild: the sources run through tsx.
    console.log('custodian: esbuild is not installed; `custodian` runs the sources through tsx.');
    process.exit(0);
  }
  const started = performance.now();
  await buildDist();
  console.log(`custodian: built dist/ in ${Math.round(performance.now() - started)} ms.`);
}
