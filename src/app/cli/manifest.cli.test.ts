import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, seedFaithfulPath, shippedPath } from '../../../test/policy/manifest-fixtures.ts';
import { manifestJsonSchema } from '../../core/manifest/manifest-json-schema.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function custodian(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/custodian.js'), ...args],
      { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent', MANIFEST: shippedPath } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const noStack = (run: Run) =>
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);

// Each run starts Node, tsx and the whole CLI: slow on a busy machine, so generous timeouts.
describe('custodian manifest (as a child process)', { timeout: 180_000 }, () => {
  it('lints the shipped manifest without errors', async () => {
    const run = await custodian('manifest', 'lint');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('lints the seed-faithful fixture: Privacy Shield errors with file:line, exit 1', async () => {
    const run = await custodian('manifest', 'lint', seedFaithfulPath);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /seed-faithful\.yaml:\d+:\d+ error privacy-shield recipients\.google_analytics\.transfer\.basis: /,
    );
    expect(run.stdout).toMatch(/seed-faithful\.yaml:\d+:\d+ warning cookie-lifetime cookies\[7\]/);
    expect(run.stderr).toMatch(/2 errors, 2 warnings/);
    noStack(run);
  });

  it('reports a broken file with its line and exit code 2, never a stack trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'custodian-manifest-'));
    const broken = path.join(dir, 'broken.yaml');
    const text = (await readFile(shippedPath, 'utf8')).replace('country: SE', 'country: [SE');
    await writeFile(broken, text);
    const run = await custodian('manifest', 'lint', broken);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.yaml:\d+:\d+: malformed YAML/);
    noStack(run);

    const wrongType = path.join(dir, 'wrong.yaml');
    await writeFile(
      wrongType,
      text
        .replace('country: [SE', 'country: 46')
        .replace('  renewAfter: 6mo', '  renewAfter: 6mo\n  extra: 1'),
    );
    const run2 = await custodian('manifest', 'render', '--file', wrongType);
    expect(run2.code).toBe(2);
    expect(run2.stderr).toMatch(
      /wrong\.yaml:\d+:\d+: recipients\.budbee\.country: .*expected string/,
    );
    expect(run2.stderr).toMatch(/wrong\.yaml:\d+:\d+: consent\.extra: unknown key "extra"/);

    const missing = await custodian('manifest', 'lint', path.join(dir, 'none.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/none\.yaml: the file does not exist/);
  });

  it('prints the JSON Schema, identical to the committed copy', async () => {
    const run = await custodian('manifest', 'schema');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as unknown;
    expect(printed).toEqual(manifestJsonSchema());
    const committed = JSON.parse(
      await readFile(path.join(root, 'privacy/manifest.schema.json'), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(printed);
  });

  it('renders the policy and the records of processing', async () => {
    const [md, html, csv, bad] = await Promise.all([
      custodian('manifest', 'render', '--lang', 'fi', '--format', 'md'),
      custodian('manifest', 'render', '--format', 'html'),
      custodian('manifest', 'ropa', '--lang', 'sv'),
      custodian('manifest', 'ropa', '--format', 'pdf'),
    ]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Tietosuojaseloste ja evästeet/);
    expect(md.stdout).toContain('Tietosuojavaltuutetun toimisto');
    expect(html.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^controller,dpo,purpose_key,/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are csv, html/);
  });

  it('explains every command with --help', async () => {
    const commands = ['lint', 'schema', 'render', 'ropa'];
    const runs = await Promise.all(commands.map((c) => custodian('manifest', c, '--help')));
    for (const [i, run] of runs.entries()) {
      expect(run.code, commands[i]).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: custodian manifest ${commands[i]}`));
    }
  });
});
