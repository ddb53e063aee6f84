/**
 * The built consent banner (`banner/`), loaded once per process. `banner/dist` is not committed:
 * when it is missing or older than any source file it is built here with esbuild, so `npm start`
 * and `npm test` work on a fresh clone with no separate build step.
 *
 * @example
 *   const { js, css, version } = bannerAssets();
 *   `<script src="/consent/banner.js?v=${version}">`
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildBanner, distDir, srcDir, writeBanner } from '../../../banner/build.mjs';
import { precompressed, type Compressed } from '../../kit/web/precompressed.ts';

export interface BannerAssets {
  js: Buffer;
  css: Buffer;
  /** A hash of both files: the `?v=` that makes their URLs safe to cache for a year. */
  version: string;
  jsEtag: string;
  cssEtag: string;
  /** Each file compressed, as served to clients that accept it: by the build, else once here. */
  compressed: { js: Compressed; css: Compressed };
}

export type { Compressed };

let loaded: BannerAssets | undefined;

export function bannerAssets(): BannerAssets {
  return (loaded ??= load());
}

function load(): BannerAssets {
  const { js, css } = readBuilt() ?? build();
  const hash = (...parts: Buffer[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest('base64url').slice(0, 16);
  };
  return {
    js,
    css,
    version: hash(js, css),
    jsEtag: `"${hash(js)}"`,
    cssEtag: `"${hash(css)}"`,
    compressed: { js: precompressed('banner.js', js), css: precompressed('banner.css', css) },
  };
}

function readBuilt(): { js: Buffer; css: Buffer } | undefined {
  const files = ['banner.js', 'banner.css'].map((f) => path.join(distDir, f));
  if (!files.every((f) => existsSync(f))) return undefined;
  const built = Math.min(...files.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(
    ...readdirSync(srcDir).map((f) => statSync(path.join(srcDir, f)).mtimeMs),
    statSync(path.join(srcDir, '..', 'build.mjs')).mtimeMs,
  );
  if (built < sources) return undefined;
  const [js, css] = files.map((f) => readFileSync(f)) as [Buffer, Buffer];
  return { js, css };
}

function build(): { js: Buffer; css: Buffer } {
  let built;
  try {
    built = writeBanner();
  } catch {
    // A read-only install still serves the banner: built in memory, just not cached on disk.
    built = buildBanner();
  }
  return { js: Buffer.from(built.js), css: Buffer.from(built.css) };
}
