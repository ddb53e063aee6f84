/**
 * `custodian manifest lint [file] | schema | render | ropa`: the DPO's tools for the privacy
 * manifest. A broken file is reported with file:line:column and exit code 2, lint errors give
 * exit code 1; never a stack trace.
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import type { LoadedManifest } from '../../core/manifest/manifest-loader.ts';
import type { Lang } from '../../policy/policy-terms.ts';

// Each command imports what it uses when it runs (YAML, the linter, the renderers), so
// `custodian --help` loads none of them.
async function load(file: string | undefined): Promise<LoadedManifest> {
  const { ManifestError, loadManifest } = await import('../../core/manifest/manifest-loader.ts');
  try {
    return await loadManifest(file ?? loadConfig().manifestPath);
  } catch (err) {
    if (err instanceof ManifestError) throw new CliError(err.message, 2);
    throw err;
  }
}

const langOption = () =>
  new Option('-l, --lang <lang>', 'language of the text').choices(['en', 'fi', 'sv']).default('en');
const fileOption = () =>
  new Option(
    '-f, --file <manifest>',
    'manifest file (default: MANIFEST or privacy/hersecret.yaml)',
  );

export function registerManifestCommands(program: Command): void {
  const manifest = program
    .command('manifest')
    .description('check and render the privacy manifest (the policy as data)');

  manifest
    .command('lint')
    .description('check the manifest for dangling references and legal errors; exit 1 on errors')
    .argument('[file]', 'manifest file (default: MANIFEST or privacy/hersecret.yaml)')
    .option('--json', 'print the findings as JSON')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const loaded = await load(file);
      const { formatFinding, lintManifest } = await import('../../policy/manifest-linter.ts');
      // The committed record of published versions, when the manifest has one: content changed
      // without a new policy.version is an error even where no database is at hand.
      const { lastPublished, readPublishedRecord } =
        await import('../../policy/published-record.ts');
      const record = await readPublishedRecord(loaded.locations.file);
      const findings = lintManifest(
        loaded.manifest,
        loaded.locations,
        record && lastPublished(record),
      );
      const count = (s: string) => findings.filter((f) => f.severity === s).length;
      if (opts.json) console.log(JSON.stringify(findings, null, 2));
      else for (const f of findings) console.log(formatFinding(loaded.locations.file, f));
      const summary = `${loaded.locations.file}: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes`;
      if (count('error') > 0) throw new CliError(summary, 1);
      if (!opts.json) console.log(summary);
    });

  manifest
    .command('schema')
    .description('print the JSON Schema of the manifest (for editors)')
    .option('-o, --out <file>', 'write it to a file instead')
    .action(async (opts: { out?: string }) => {
      const { manifestJsonSchemaText } =
        await import('../../core/manifest/manifest-json-schema.ts');
      const text = manifestJsonSchemaText();
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });

  manifest
    .command('render')
    .description('print the privacy policy rendered from the manifest')
    .addOption(langOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['html', 'md']).default('md'),
    )
    .addOption(fileOption())
    .action(async (opts: { lang: Lang; format: 'html' | 'md'; file?: string }) => {
      const { manifest: m } = await load(opts.file);
      const { buildPolicyDocument } = await import('../../policy/policy-document.ts');
      const { policyHtmlFile } = await import('../../policy/policy-article.tsx');
      const { policyMarkdown } = await import('../../policy/policy-markdown.ts');
      const doc = buildPolicyDocument(m, opts.lang);
      process.stdout.write(opts.format === 'html' ? policyHtmlFile(doc) : policyMarkdown(doc));
    });

  manifest
    .command('ropa')
    .description('print the records of processing activities (GDPR Art. 30)')
    .addOption(langOption())
    .addOption(
      new Option('--format <format>', 'output format').choices(['csv', 'html']).default('csv'),
    )
    .addOption(fileOption())
    .action(async (opts: { lang: Lang; format: 'csv' | 'html'; file?: string }) => {
      const { manifest: m } = await load(opts.file);
      const { buildRecords, recordsCsv } = await import('../../policy/records.ts');
      const { recordsHtmlFile } = await import('../../policy/records-article.tsx');
      const ropa = buildRecords(m, opts.lang);
      process.stdout.write(
        opts.format === 'html' ? recordsHtmlFile(ropa, opts.lang) : recordsCsv(ropa),
      );
    });
}
