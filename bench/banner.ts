/**
 * Size of the consent banner against the two best-known open-source banners, as a browser
 * downloads them: JS + CSS, raw and gzip -9 (zlib level 9), all read and compressed in the same
 * run. Ours is built from `banner/src` on the spot; theirs are the files their npm packages ship
 * for a `<script>` tag. `npm run bench:banner`.
 *
 * None of the three bundles its texts: theirs take them from the integrator's configuration
 * script, ours from the JSON block Custodian embeds: the first layer's words only, the settings
 * layer's details fetched when it opens (both sizes are printed below the table).
 *
 * Then the goal (issue 15): everything a first visit needs to show the banner, on the wire as
 * Custodian serves it, at most 4,096 B: banner.js and banner.css as sent to a browser that accepts
 * brotli, plus what the embedded configuration adds to the compressed page (the page as served
 * minus the same page without the block, compressed the same way), per page and language.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildBanner } from '../banner/build.mjs';
import { loadConfig } from '../src/kit/config.ts';
import { buildConsentConfig, firstViewConfig } from '../src/consent/consent-config.ts';
import { loadManifest } from '../src/core/manifest/manifest-loader.ts';
import { createApp } from '../src/app/app.ts';
import { createTestServices } from '../test/support/services.ts';

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
console.log(
  `\nJS and CSS alone: ${base} B gzip -9 (the goal below counts the configuration too, as served).`,
);

const { manifest } = await loadManifest(loadConfig().manifestPath);
for (const lang of ['en', 'fi', 'sv'] as const) {
  const config = buildConsentConfig(manifest, lang);
  const whole = JSON.stringify(config);
  const first = JSON.stringify(firstViewConfig(config));
  console.log(
    `Configuration (${lang}): embedded first view ${bytes(first)} B raw, ${gz(first)} B gzip -9; ` +
      `the whole (GET /consent/config, fetched when settings open) ${bytes(whole)} B raw, ${gz(whole)} B gzip -9.`,
  );
}

const BUDGET = 4096;
const services = await createTestServices();
try {
  const app = createApp(services);
  const version = /banner\.js\?v=([\w-]+)/;
  const served = async (url: string) => {
    const res = await app.request(url, {
      headers: { accept: 'text/html', 'accept-encoding': 'br' },
    });
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      encoding: res.headers.get('content-encoding'),
    };
  };
  // The page cache compresses pages with brotli at quality 5 (src/kit/web/page-cache.ts).
  const brPage = (html: string) =>
    brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length;
  console.log(`\nFirst visit, on the wire (brotli as served), against the ${BUDGET} B goal:`);
  console.log(
    'page                               lang  banner.js  banner.css  configuration  total  goal',
  );
  let met = 0;
  let all = 0;
  for (const page of ['/', '/products/aurora-lace-balconette', '/privacy', '/cookies']) {
    for (const lang of ['en', 'fi', 'sv'] as const) {
      const url = `${page}?lang=${lang}`;
      const html = await (await app.request(url, { headers: { accept: 'text/html' } })).text();
      const v = version.exec(html)?.[1] ?? '';
      const js = await served(`/consent/banner.js?v=${v}`);
      const css = await served(`/consent/banner.css?v=${v}`);
      // The first render fills the page cache (the catalog's first read moves its version, so
      // the shop's pages may take a second); a cached page is what a first visit is served.
      let pageServed = await served(url);
      for (let i = 0; i < 2 && pageServed.encoding !== 'br'; i++) pageServed = await served(url);
      if ([js, css, pageServed].some((r) => r.encoding !== 'br')) {
        throw new Error(`${url}: not served brotli-compressed`);
      }
      const without = html.replace(
        /<script type="application\/json" id="custodian-consent-config">[^<]*<\/script>/,
        '',
      );
      const config = pageServed.bytes.length - brPage(without);
      const total = js.bytes.length + css.bytes.length + config;
      all += 1;
      if (total <= BUDGET) met += 1;
      console.log(
        `${page.padEnd(34)} ${lang.padEnd(4)} ${String(js.bytes.length).padStart(9)} ${String(css.bytes.length).padStart(11)} ${String(config).padStart(14)} ${String(total).padStart(6)}  ${total <= BUDGET ? 'met' : `missed by ${total - BUDGET} B`}`,
      );
    }
  }
  console.log(
    `Goal (first visit <= ${BUDGET} B on the wire, configuration included): ${met} of ${all} met.`,
  );
} finally {
  await services.close();
}
