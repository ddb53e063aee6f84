/**
 * Every text of the code in its three languages, found by loading the modules that hold texts and
 * walking what they export: a `{ en, fi, sv }` of strings (a Localized), and parallel structures
 * keyed by language (the banner's words, a mail's words) walked side by side. Functions are left
 * out (mail templates are rendered by the tests that need them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Entry {
  /** Where it is: the file, and the path of exports and keys. */
  where: string;
  en: string;
  fi: string;
  sv: string;
}

const root = path.join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** Source files that may hold texts (the app layer only assembles; it starts servers). */
export function textFiles(): string[] {
  return sources(path.join(root, 'src')).filter(
    (f) =>
      !f.includes(`${path.sep}app${path.sep}`) &&
      /\b(en|fi|sv):|\bl\(/.test(readFileSync(f, 'utf8')),
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Walks `value`, collecting `{ en, fi, sv }` strings; `seen` guards against cycles. */
export function collect(value: unknown, where: string, out: Entry[], seen = new Set<unknown>()) {
  // A zod schema (the manifest's) describes texts; it holds none.
  if (!isObject(value) || seen.has(value) || '_zod' in value) return;
  seen.add(value);
  if ('en' in value && 'fi' in value && 'sv' in value) {
    parallel(value.en, value.fi, value.sv, where, out);
    return;
  }
  const items = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of items) collect(v, `${where}.${String(k)}`, out, seen);
}

function parallel(en: unknown, fi: unknown, sv: unknown, where: string, out: Entry[]) {
  if (typeof en === 'string' && typeof fi === 'string' && typeof sv === 'string') {
    out.push({ where, en, fi, sv });
    return;
  }
  if (!isObject(en) || !isObject(fi) || !isObject(sv)) return;
  for (const k of Object.keys(en)) parallel(en[k], fi[k], sv[k], `${where}.${k}`, out);
}

/** Every Localized text the code exports, with where it is. */
export async function codeEntries(): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const file of textFiles()) {
    const mod = (await import(file)) as Record<string, unknown>;
    const rel = path.relative(root, file);
    for (const [name, value] of Object.entries(mod)) collect(value, `${rel}:${name}`, out);
  }
  return out;
}
