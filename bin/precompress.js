/**
 * Build-time compression of the text files the server serves many times (issue 15): each one is
 * written under its content-hashed name with a brotli (best quality) and a gzip -9 copy beside
 * it, e.g. `app.3fa9c1d2e4b5a6f7.css`, `.css.br`, `.css.gz`. The server reads them by the hash of
 * the bytes it is about to serve (src/kit/web/precompressed.ts, which names files the same way),
 * so a stale file is never served: it just is not found.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The kit's text assets; images are served as they are. */
export const compressible = new Set(['.css', '.js', '.svg']);

/** Same rule as src/kit/web/precompressed.ts: 16 hex digits of the SHA-256 before the extension. */
export function hashedName(name, body) {
  const ext = path.extname(name);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
}

/** Writes `files` (`[name, bytes]`) compressed into `outDir`; returns the bytes written. */
export function writePrecompressed(outDir, files) {
  mkdirSync(outDir, { recursive: true });
  let written = 0;
  for (const [name, body] of files) {
    const file = path.join(outDir, hashedName(name, body));
    const br = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    });
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(file, body);
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gz);
    written += body.length + br.length + gz.length;
  }
  return written;
}

/** The text files of a folder (the kit's `src/kit/web/assets`), as `[name, bytes]`. */
export function textFilesIn(dir) {
  return readdirSync(dir)
    .filter((name) => compressible.has(path.extname(name)))
    .sort()
    .map((name) => [name, readFileSync(path.join(dir, name))]);
}
