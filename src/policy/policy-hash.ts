/** The identity of a manifest's content: canonical JSON and its SHA-256. */
import { createHash } from 'node:crypto';
import type { Manifest } from '../core/manifest/manifest.ts';

/** The manifest as JSON with sorted keys: equal content gives an equal hash whatever the YAML layout. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function contentHash(manifest: Manifest): string {
  return createHash('sha256').update(canonicalJson(manifest)).digest('hex');
}
