import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hashedName as builtName, writePrecompressed } from '../../../bin/precompress.js';
import { assetRoutes } from './assets.ts';
import { compressedAtStart, hashedName, precompressed } from './precompressed.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'custodian-precompressed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precompressed assets', () => {
  const css = Buffer.from('body { color: #1f1a1c; }\n'.repeat(40));

  it('names a file as the build does, by the hash of its bytes', () => {
    expect(hashedName('app.css', css)).toBe(builtName('app.css', css));
    expect(hashedName('app.css', css)).toMatch(/^app\.[0-9a-f]{16}\.css$/);
    expect(hashedName('app.css', Buffer.from('x'))).not.toBe(hashedName('app.css', css));
  });

  it('reads what the build wrote for these bytes, and compresses nothing itself', () => {
    const built = path.join(dir, 'built');
    writePrecompressed(built, [['site.css', css]]);
    // Marked, so reading the build's file (not compressing again) is what this proves.
    const file = path.join(built, hashedName('site.css', css));
    writeFileSync(`${file}.br`, Buffer.from('from the build'));
    const packed = precompressed('site.css', css, built);
    expect(packed.br.toString()).toBe('from the build');
    expect(gunzipSync(packed.gzip).equals(css)).toBe(true);
    expect(compressedAtStart()).not.toContain('site.css');
  });

  it('compresses at start a file the build has no output for (sources edited since)', () => {
    const edited = Buffer.concat([css, Buffer.from('a { color: red; }\n')]);
    const packed = precompressed('edited.css', edited, path.join(dir, 'built'));
    expect(brotliDecompressSync(packed.br).equals(edited)).toBe(true);
    expect(gunzipSync(packed.gzip).equals(edited)).toBe(true);
    expect(compressedAtStart()).toContain('edited.css');
  });

  it('serves a text asset immutable under its hashed name, encoded as the client accepts', async () => {
    writeFileSync(path.join(dir, 'assets.css'), css);
    const app = assetRoutes(dir);
    const url = `/${hashedName('assets.css', css)}`;
    for (const [accept, encoding] of [
      ['br, gzip', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const res = await app.request(url, { headers: { 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      const body = Buffer.from(await res.arrayBuffer());
      const plain =
        encoding === 'br'
          ? brotliDecompressSync(body)
          : encoding === 'gzip'
            ? gunzipSync(body)
            : body;
      expect(plain.equals(css)).toBe(true);
    }
  });
});
