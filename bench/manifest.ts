/**
 * How long the manifest costs at start-up and per request: load (YAML parse + schema), lint,
 * and rendering the policy, the cookie declaration and the records. Prints median figures.
 *
 *   npm run bench:manifest
 */
import { CookieDeclaration } from '../src/policy/cookie-declaration.tsx';
import { htmlString } from '../src/kit/web/html-string.ts';
import { loadManifest } from '../src/core/manifest/manifest-loader.ts';
import { lintManifest } from '../src/policy/manifest-linter.ts';
import { PolicyArticle } from '../src/policy/policy-article.tsx';
import { buildPolicyDocument } from '../src/policy/policy-document.ts';
import { buildRecords, recordsCsv } from '../src/policy/records.ts';

const file = process.argv[2] ?? 'privacy/hersecret.yaml';

async function median(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const first = performance.now();
const loaded = await loadManifest(file);
const cold = performance.now() - first;
const { manifest, locations } = loaded;
const figures = {
  'load, first (ms)': cold,
  'load (ms)': await median(20, () => loadManifest(file)),
  'lint (ms)': await median(50, () => lintManifest(manifest, locations)),
  'render /privacy body (ms)': await median(50, () =>
    htmlString(PolicyArticle({ doc: buildPolicyDocument(manifest, 'fi') })),
  ),
  'render /cookies body (ms)': await median(50, () =>
    htmlString(CookieDeclaration({ manifest, lang: 'sv' })),
  ),
  'records CSV (ms)': await median(50, () => recordsCsv(buildRecords(manifest, 'en'))),
};
for (const [name, ms] of Object.entries(figures))
  console.log(`${name.padEnd(28)} ${ms.toFixed(2)}`);
