/**
 * Size of the consent banner against the two best-known open-source banners, as a browser
 * downloads them: JS + CSS, raw and gzip -9 (zlib level 9), all read and compressed in the same
 * run. Ours is built from `banner/src` on the spot; theirs are the files their npm packages ship
 * for a `<script>` tag. `npm run bench:banner`.
 *
 * None of the three bundles its texts: theirs take them from the integrator's configuration
 * script, ours from the JSON block Custodian embeds (its size is printed below the table).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBanner } from '../banner/build.mjs';
import { loadConfig } from '../src/kit/config.ts';
import { buildConsentConfig } from '../src/consent/consent-config.ts';
import { loadManifest } from '../src/core/manifest/manifest-loader.ts';

const require = createRequire(import.meta.url);
const pkg = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const version = (name: string) =>
  (JSON.parse(readFileSync(path.join(pkg(name), 'package.json'), 'utf8')) as { version: string })
    .version;
const file = (name: string, rel: string) => readFileSync(path.join(pkg(name), rel));

interface Row {
  name: string;
  js: Buffer | string;
  css: Buffer | string;
}

const ours = buildBanner();
const rows: Row[] = [
  { name: 'Custodian banner (ours)', js: ours.js, css: ours.css },
  {
    name: `vanilla-cookieconsent ${version('vanilla-cookieconsent')}`,
    js: file('vanilla-cookieconsent', 'dist/cookieconsent.umd.js'),
    css: file('vanilla-cookieconsent', 'dist/cookieconsent.css'),
  },
  {
    name: `cookieconsent (Osano) ${version('cookieconsent')}`,
    js: file('cookieconsent', 'build/cookieconsent.min.js'),
    css: file('cookieconsent', 'build/cookieconsent.min.css'),
  },
];

const gz = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;
const bytes = (b: Buffer | string) => Buffer.byteLength(b);
const table = rows.map((r) => ({
  name: r.name,
  jsRaw: bytes(r.js),
  cssRaw: bytes(r.css),
  jsGz: gz(r.js),
  cssGz: gz(r.css),
  totalGz: gz(r.js) + gz(r.css),
}));
const base = table[0]!.totalGz;

const cols = ['banner', 'JS raw', 'CSS raw', 'JS gz-9', 'CSS gz-9', 'total gz-9', '× ours'];
const lines = table.map((t) => [
  t.name,
  String(t.jsRaw),
  String(t.cssRaw),
  String(t.jsGz),
  String(t.cssGz),
  String(t.totalGz),
  (t.totalGz / base).toFixed(1),
]);
const widths = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i]!.length)));
const fmt = (cells: string[]) =>
  '| ' +
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') +
  ' |';
console.log(fmt(cols));
console.log(
  '|' +
    widths
      .map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':') + '|')
      .join(''),
);
for (const l of lines) console.log(fmt(l));
console.log(`\nBudget: ours ${base} B of 4096 B gzipped (${base <= 4096 ? 'within' : 'OVER'}).`);

const { manifest } = await loadManifest(loadConfig().manifestPath);
for (const lang of ['en', 'fi', 'sv'] as const) {
  const json = JSON.stringify(buildConsentConfig(manifest, lang));
  console.log(
    `Embedded configuration (${lang}, texts and cookie list): ${bytes(json)} B raw, ${gz(json)} B gzip -9 inside the page.`,
  );
}
