/**
 * Deterministic randomness for demo data: a small seeded PRNG (mulberry32) and ids derived from
 * (seed, index), so customer `i` of seed `s` is the same person in every run, whatever `N` is.
 */
// One-shot `hash`, not `createHash`: a seed hashes several times per customer, and each Hash
// object is a native handle the garbage collector must finalise.
import { hash } from 'node:crypto';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG for one item of one run: independent of every other item. */
export function rngFor(seed: number, kind: string, index: number): Rng {
  return mulberry32(hash('sha256', `${seed}:${kind}:${index}`, 'buffer').readUInt32LE(0));
}

/** A version-4-shaped UUID derived from (seed, kind, index). */
export function derivedUuid(seed: number, kind: string, index: number): string {
  const h = hash('sha256', `uuid:${seed}:${kind}:${index}`, 'buffer');
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
