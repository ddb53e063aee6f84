/**
 * Builds the consent banner: `banner/src/main.ts` → one minified IIFE, `banner/src/banner.css` →
 * one minified stylesheet, both in `banner/dist/`. The server builds on demand when dist is
 * missing or older than the sources, so a fresh clone needs no build step; `npm run build:banner`
 * does it by hand and prints the gzipped sizes.
 */
import { buildSync } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const bannerDir = path.dirname(fileURLToPath(import.meta.url));
export const srcDir = path.join(bannerDir, 'src');
export const distDir = path.join(bannerDir, 'dist');

/** The built banner in memory: `{ js, css }` as strings. */
export function buildBanner() {
  const common = {
    bundle: true,
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  };
  const js = buildSync({
    ...common,
    entryPoints: [path.join(srcDir, 'main.ts')],
    format: 'iife',
    target: 'es2020',
  });
  const css = buildSync({
    ...common,
    entryPoints: [path.join(srcDir, 'banner.css')],
    target: 'chrome80',
  });
  return { js: js.outputFiles[0].text, css: css.outputFiles[0].text };
}

/** Builds and writes `banner.js` and `banner.css`; each file is renamed into place whole. */
export function writeBanner(dir = distDir) {
  const built = buildBanner();
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of [
    ['banner.js', built.js],
    ['banner.css', built.css],
  ]) {
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, path.join(dir, name));
  }
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { js, css } = writeBanner();
  const gz = (s) => gzipSync(s, { level: 9 }).length;
  console.log(
    `banner.js ${js.length} B (${gz(js)} B gzip), banner.css ${css.length} B (${gz(css)} B gzip), ` +
      `together ${gz(js) + gz(css)} B gzip of 4096`,
  );
}
