import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadShipped, shippedPath } from '../../../test/policy/manifest-fixtures.ts';
import { loadManifest, ManifestError, parseManifest } from './manifest-loader.ts';

function issuesOf(text: string) {
  try {
    parseManifest(text, 'm.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as ManifestError).issues;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('manifest loader', () => {
  it('loads the shipped manifest and locates its parts', async () => {
    const { manifest, locations } = await loadShipped();
    expect(manifest.controller.businessId).toBe('2332380-6');
    const text = await readFile(shippedPath, 'utf8');
    const pos = locations.at(['recipients', 'posti', 'country']);
    expect(pos).toBeDefined();
    expect(text.split('\n')[pos!.line - 1]).toMatch(/^\s+country: FI$/);
  });

  it('names file, line:column and problem for malformed YAML', () => {
    const issues = issuesOf('manifest: 1\nstore: name: HerSecret\ncontroller: {}\n');
    expect(issues[0]!.line).toBe(2);
    expect(typeof issues[0]!.column).toBe('number');
    expect(issues[0]!.message).toMatch(/^malformed YAML/);
  });

  it('reports unknown keys, wrong types and missing keys by path and line, all at once', async () => {
    const text = (await readFile(shippedPath, 'utf8'))
      .replace(
        '    country: FI\n    transfer: { basis: none_needed }',
        '    country: 358\n    transfer: { basis: none_needed }',
      )
      .replace('  renewAfter: 6mo\n', '  renewAfter: 6mo\n  colour: pink\n')
      .replace('  businessId: 2332380-6\n', '');
    const issues = issuesOf(text);
    const lines = text.split('\n');
    const country = issues.find((i) => i.path === 'recipients.posti.country');
    expect(country?.message).toMatch(/expected string/);
    expect(lines[country!.line! - 1]).toContain('country: 358');
    const colour = issues.find((i) => i.path === 'consent.colour');
    expect(colour?.message).toMatch(/unknown key "colour"/);
    expect(lines[colour!.line! - 1]).toContain('colour: pink');
    const id = issues.find((i) => i.path === 'controller.businessId');
    expect(id?.message).toMatch(/required, but missing/);
    expect(lines[id!.line! - 1]).toContain('controller:');
  });

  it('formats every issue as file:line:column path: message', () => {
    try {
      parseManifest('manifest: 2\n', 'x.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/^x\.yaml: the privacy manifest is invalid/);
      expect((err as Error).message).toContain('x.yaml:1:11: manifest: ');
    }
  });

  it('rejects an empty file, a scalar and a duplicate key with its own error', () => {
    expect(issuesOf('')[0]!.message).toMatch(/expected object/);
    expect(issuesOf('just text')[0]!.message).toMatch(/expected object/);
    expect(issuesOf('manifest: 1\nmanifest: 1\n')[0]!.message).toMatch(/unique|duplicate/i);
  });

  it('reports a missing file as a ManifestError', async () => {
    await expect(loadManifest('/no/such/manifest.yaml')).rejects.toThrow(/does not exist/);
    await expect(loadManifest('/no/such/manifest.yaml')).rejects.toBeInstanceOf(ManifestError);
  });

  it('survives alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(() => parseManifest(bomb)).toThrow(ManifestError);
  });

  it('never throws anything but ManifestError, whatever is done to a valid manifest', async () => {
    const valid = parse(await readFile(shippedPath, 'utf8')) as unknown;
    const junk = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom(null, '', 0, -1, 'session', '99x', [], {}, 'user.nope', 'privacy_shield'),
    );
    const mutation = fc.record({
      steps: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      kind: fc.constantFrom('delete', 'replace', 'inject'),
      value: junk,
      key: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const doc = structuredClone(valid);
        for (const m of mutations) mutate(doc, m);
        try {
          parseManifest(stringify(doc), 'fuzz.yaml');
        } catch (err) {
          if (!(err instanceof ManifestError)) throw err;
          expect(err.issues.length).toBeGreaterThan(0);
          for (const issue of err.issues) expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('never throws anything but ManifestError on mangled text', async () => {
    const text = await readFile(shippedPath, 'utf8');
    fc.assert(
      fc.property(
        fc.nat(text.length),
        fc.nat(200),
        fc.string({ maxLength: 8 }),
        (at, cut, insert) => {
          const mangled = text.slice(0, at) + insert + text.slice(at + cut);
          try {
            parseManifest(mangled, 'fuzz.yaml');
          } catch (err) {
            if (!(err instanceof ManifestError)) throw err;
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** Walks `steps` into the value (each step picks a child by index) and changes what it finds. */
function mutate(
  doc: unknown,
  m: { steps: number[]; kind: 'delete' | 'replace' | 'inject'; value: unknown; key: string },
): void {
  let parent: Record<string, unknown> | unknown[] | undefined;
  let key: string | number | undefined;
  let node: unknown = doc;
  for (const step of m.steps) {
    if (!node || typeof node !== 'object') break;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string, unknown>;
    key = keys[step % keys.length]!;
    node = (node as Record<string, unknown>)[key];
  }
  if (parent === undefined || key === undefined) return;
  const target = parent as Record<string | number, unknown>;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete target[key];
  } else if (m.kind === 'replace') target[key] = m.value;
  else if (node && typeof node === 'object' && !Array.isArray(node))
    (node as Record<string, unknown>)[m.key || 'junk'] = m.value;
  else target[key] = { [m.key || 'junk']: m.value };
}

describe('manifest parse cache', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-manifest-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the YAML data for the same text only, and validates it on every load', async () => {
    const cache = path.join(dir, 'cache', 'manifest.json');
    const text = await readFile(shippedPath, 'utf8');
    const fresh = parseManifest(text, 'm.yaml', cache);
    expect(existsSync(cache)).toBe(true);
    const cached = parseManifest(text, 'm.yaml', cache);
    expect(cached.manifest).toEqual(fresh.manifest);
    // Positions still answer, from the YAML parsed on demand.
    expect(cached.locations.at(['recipients', 'posti', 'country'])).toEqual(
      fresh.locations.at(['recipients', 'posti', 'country']),
    );

    // Data the schema refuses (a schema changed since, or a damaged file) is never served: the
    // text is parsed again.
    const entry = JSON.parse(readFileSync(cache, 'utf8')) as { key: string; data: object };
    writeFileSync(cache, JSON.stringify({ ...entry, data: { ...entry.data, controller: 1 } }));
    expect(parseManifest(text, 'm.yaml', cache).manifest).toEqual(fresh.manifest);

    // Another text never gets this one's data.
    const edited = text.replace('country: FI', 'country: SE');
    expect(edited).not.toBe(text);
    const other = parseManifest(edited, 'm.yaml', cache);
    expect(other.manifest).not.toEqual(fresh.manifest);
    expect(parseManifest(text, 'm.yaml', cache).manifest).toEqual(fresh.manifest);
  });
});
