/** The shipped manifest and the seed-faithful fixture, loaded once per test file. */
import path from 'node:path';
import { loadManifest, type LoadedManifest } from '../../src/core/manifest/manifest-loader.ts';
import type { Manifest } from '../../src/core/manifest/manifest.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const shippedPath = path.join(root, 'privacy/hersecret.yaml');
export const seedFaithfulPath = path.join(root, 'privacy/fixtures/seed-faithful.yaml');

let shipped: Promise<LoadedManifest> | undefined;
export function loadShipped(): Promise<LoadedManifest> {
  return (shipped ??= loadManifest(shippedPath));
}

/** A deep copy of the shipped manifest to break on purpose. */
export async function shippedCopy(): Promise<Manifest> {
  return structuredClone((await loadShipped()).manifest);
}
