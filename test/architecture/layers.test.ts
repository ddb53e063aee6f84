/**
 * The layering lint (`.dependency-cruiser.cjs`, run by `npm run lint`) catches what it promises:
 * each probe adds one forbidden import to the real tree, and the lint must fail naming the rule.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const written: string[] = [];

function probe(file: string, source: string): string {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, source);
  written.push(full);
  return file;
}

/** Without ANSI colour codes, whatever the environment asked the reporter for. */
const plain = (text: string) => stripVTControlCharacters(text);

async function cruise(...files: string[]): Promise<{ code: number; output: string }> {
  const bin = path.join(root, 'node_modules/.bin/depcruise');
  try {
    const { stdout } = await run(bin, [...files, '--config', '.dependency-cruiser.cjs'], {
      cwd: root,
      // CI sets CI=true, which makes the reporter colour its output: plain text to match on.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { code: 0, output: plain(stdout) };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, output: plain(e.stdout) };
  }
}

afterEach(() => {
  for (const file of written.splice(0)) rmSync(file, { force: true });
});

// No storage here: the PostgreSQL run of the suite (CUSTODIAN_TEST_DB=postgres) need not repeat it.
// The tree as it is passes the same lint in `npm run lint`.
describe.skipIf(process.env.CUSTODIAN_TEST_DB === 'postgres')('the layering lint', () => {
  it('fails on an import from the kit into a feature', async () => {
    const file = probe(
      'src/kit/layer-probe.ts',
      "import type { ConsentSubject } from '../consent/consent.ts';\nexport type P = ConsentSubject;\n",
    );
    const { code, output } = await cruise(file);
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /kit-imports-only-kit: src\/kit\/layer-probe\.ts → src\/consent\/consent\.ts/,
    );
  });

  it('fails on an import from a feature into the app', async () => {
    const file = probe(
      'src/shop/layer-probe.ts',
      "import type { Services } from '../app/services.ts';\nexport type P = Services;\n",
    );
    const { code, output } = await cruise(file);
    expect(code).not.toBe(0);
    expect(output).toMatch(/features-never-import-the-app: src\/shop\/layer-probe\.ts/);
  });

  it('fails on a registry kept inside a feature', async () => {
    const registry = probe('src/rights/personal-data-registry.ts', 'export const x = 1;\n');
    const user = probe(
      'src/orders/layer-probe.ts',
      "import { x } from '../rights/personal-data-registry.ts';\nexport const y = x;\n",
    );
    const { code, output } = await cruise(user, registry);
    expect(code).not.toBe(0);
    expect(output).toContain('registry-only-from-core');
  });

  it('fails on an import cycle', async () => {
    const a = probe(
      'src/policy/probe-a.ts',
      "import { b } from './probe-b.ts';\nexport const a = () => b;\n",
    );
    const b = probe(
      'src/policy/probe-b.ts',
      "import { a } from './probe-a.ts';\nexport const b = () => a;\n",
    );
    const { code, output } = await cruise(a, b);
    expect(code).not.toBe(0);
    expect(output).toContain('no-cycle');
  });
});
