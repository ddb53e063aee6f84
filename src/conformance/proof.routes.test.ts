import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/app.ts';
import { createTestServices, type TestServices } from '../../test/support/services.ts';
import type { ProofRun } from './proof-run.ts';
import { writeProofRecord } from './proof-store.ts';
import { proofText } from './proof.messages.ts';
import { listStatements } from './statements.ts';

describe('/privacy/proof', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let dir: string;
  let record: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'custodian-proof-'));
    record = path.join(dir, 'last-run.json');
    services = await createTestServices({ CUSTODIAN_PROOF: record });
    app = createApp(services);
  });
  afterAll(async () => {
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = async (lang: string) => {
    const res = await app.request(`/privacy/proof?lang=${lang}`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const ids = () => listStatements(services.policy.manifest).map((s) => s.id);

  it('is linked from the policy in every language', async () => {
    for (const lang of ['en', 'fi', 'sv'] as const) {
      const html = await (await app.request(`/privacy?lang=${lang}`)).text();
      expect(html).toContain(`<a href="/privacy/proof">${proofText.proofLink[lang]}</a>`);
    }
  });

  it('lists every promise, as not yet run, before any test run was recorded', async () => {
    for (const lang of ['en', 'fi', 'sv'] as const) {
      const html = await page(lang);
      expect(html).toContain(proofText.notRun[lang]);
      for (const id of ids()) expect(html).toContain(`data-statement="${id}"`);
      expect(html).not.toContain(proofText.proven[lang]);
    }
  });

  it('shows each promise proven by its tests, with the date of the run', async () => {
    const run: ProofRun = {
      database: 'postgres',
      finishedAt: '2026-12-03T21:15:00.000Z',
      tests: ids().map((id) => ({
        file: 'test/x.test.ts',
        name: `proves ${id} for real`,
        proves: [id],
        state: id === 'right:access' ? 'failed' : 'passed',
      })),
    };
    writeProofRecord(record, { format: 1, runs: [run] });
    const html = await page('fi');
    expect(html).toContain('Viimeisin testiajo: 3.12.2026, tietokannat: PostgreSQL.');
    expect(html).toContain(`${ids().length - 1}/${ids().length} lupausta todistettu.`);
    for (const id of ids()) expect(html).toContain(`<li>proves ${id} for real</li>`);
    const row = (id: string) =>
      new RegExp(`<tr [^>]*data-statement="${id}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    expect(row('right:access')).toContain(proofText.failed.fi);
    expect(row('retention:consumer_trade')).toContain(proofText.proven.fi);
    expect(row('retention:consumer_trade')).toContain('viimeksi läpäisty 3.12.2026');
    // The same rules as test/pages/html-valid.test.ts, which sees the page without a record.
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: {
        'void-style': ['error', { style: 'selfclosing' }],
        'attribute-boolean-style': ['error', { style: 'empty' }],
      },
    });
    const report = await validator.validateString(html);
    expect(
      report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`)),
    ).toEqual([]);
  });

  it('treats a damaged record as none instead of failing', async () => {
    writeFileSync(record, '{"format": 1, "runs": "no"}');
    expect(await page('sv')).toContain(proofText.notRun.sv);
  });
});
