/**
 * Text files served many times, compressed once: at build time when possible, at start-up when
 * not. `npm run build` (and `prepare`, so `npm ci`) writes each text asset and the banner into
 * `dist/assets/` under its content-hashed name with a `.br` and a `.gz` beside it
 * (bin/precompress.js); the server reads those instead of compressing at start (brotli at its best
 * quality cost about 65 ms of every start). The hash is of the bytes served, so a file edited
 * since the build simply finds no match and is compressed here, as before: running from sources
 * (`CUSTODIAN_FROM_SOURCE=1`, tsx, tests) with no or an old `dist/` still works.
 * {@link compressedAtStart} names the files that fell back, for the start-up log.
 *
 * @example
 *   const { br, gzip } = precompressed('app.css', body);
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Compressed {
  br: Buffer;
  gzip: Buffer;
}

/** Where the build puts the compressed files (the project's `dist/assets/`). */
export const builtAssetsDir = path.resolve(import.meta.dirname, '..', '..', '..', 'dist', 'assets');

/** The first 16 hex digits of the SHA-256 of `body`: bin/precompress.js names files the same way. */
export function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** `app.css` → `app.3fa9c1d2e4b5a6f7.css`. */
export function hashedName(name: string, body: Buffer): string {
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}.${contentHash(body)}${ext}`;
}

/**
 * Brotli at its best quality and gzip -9, for a file served many times and compressed once (at
 * build or load, never per request), so the slowest settings cost nothing that matters.
 */
export function compressBest(body: Buffer): Compressed {
  return {
    br: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }),
    gzip: gzipSync(body, { level: 9 }),
  };
}

const fellBack = new Set<string>();

/** `body` compressed: read from the build when it holds these very bytes, else done now. */
export function precompressed(name: string, body: Buffer, dir = builtAssetsDir): Compressed {
  const file = path.join(dir, hashedName(name, body));
  try {
    return { br: readFileSync(`${file}.br`), gzip: readFileSync(`${file}.gz`) };
  } catch {
    fellBack.add(name);
    return compressBest(body);
  }
}

/** The files this process compressed itself because the build had none for their bytes. */
export function compressedAtStart(): string[] {
  return [...fellBack].sort();
}
