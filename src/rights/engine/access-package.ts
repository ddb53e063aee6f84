/**
 * The answer to an access (Art. 15) or portability (Art. 20) request, as a ZIP:
 *
 * - `data.json`: every exporter's rows by module and manifest category (and, for access, the
 *   disclosure log about the person and, as `accessLog`, the audit log's record of who looked at
 *   or acted on their data: staff by role, automated jobs by name, and, as `sourceNotices`, the
 *   Art. 14 notices about data from others);
 * - `csv/<module>.<category>.csv`: the same rows, one file per category (csv.ts);
 * - `summary.html` (access only): every item of Art. 15(1)–(2) in the customer's language
 *   (access-summary.tsx).
 *
 * The runner's `export` step builds the files ({@link createAccessPackager}) and seals them, as
 * one JSON envelope with the files deflated, in the vault under the customer's profile key; an
 * erasure shreds the key and the package with it. A download opens the envelope and zips it
 * ({@link zipPackage}).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { AccessLogRecord } from '../../audit/audit-access-log.ts';
import type { DisclosureRecord } from '../../disclosures/disclosures.repository.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import type { SourceNoticeRecord } from '../source-notices/source-notices.personal-data.ts';
import { renderAccessSummary, type ExportedModules } from './access-summary.tsx';
import { toCsv } from './csv.ts';
import type { Executor, SubjectRef } from '../../core/personal-data-registry.ts';

export type PackageType = 'access' | 'portability';

/** What the runner knows when it builds a package. */
export interface PackageRequest {
  id: string;
  type: PackageType;
  receivedAt: Date;
  generatedAt: Date;
}

/** File name → content, as sealed. */
export type PackageFiles = Record<string, string>;

/** Builds a package's files inside the export step's transaction (use only `db`). */
export type PackageBuilder = (
  db: Executor,
  request: PackageRequest,
  subject: SubjectRef,
  modules: ExportedModules,
) => Promise<PackageFiles>;

export interface AccessPackagerDeps {
  manifest: () => Manifest;
  /** The disclosure log about the subject (every status), oldest first. */
  disclosuresOf: (db: Executor, subject: SubjectRef) => Promise<DisclosureRecord[]>;
  /** The audit log about the subject, oldest first (src/audit/audit-access-log.ts). */
  accessLogOf?: (db: Executor, subject: SubjectRef) => Promise<AccessLogRecord[]>;
  /** The Art. 14 notices given or owed to the subject (src/rights/source-notices). */
  sourceNoticesOf?: (db: Executor, subject: SubjectRef) => Promise<SourceNoticeRecord[]>;
  /** The customer's language; English for a requester without an account. */
  languageOf: (db: Executor, subject: SubjectRef) => Promise<Lang>;
}

/** The files as JSON, in clear inside the sealed envelope (before 5 December 2026). */
const FORMAT_1 = 'custodian.access-package/1';
/** The files as JSON, deflated and in base64: a quarter of the bytes to seal and store. */
const FORMAT = 'custodian.access-package/2';
/**
 * zlib's fastest level: an access package (about 45 kB, mostly the summary's HTML and JSON)
 * deflates to 10.5 kB in about 0.4 ms; level 6 gives 9.1 kB for about 0.6 ms (measured
 * 5 December 2026, under load). The store, not the deflate, is the cost.
 */
const DEFLATE_LEVEL = 1;

interface Envelope {
  format: typeof FORMAT | typeof FORMAT_1;
  type: PackageType;
  generatedAt: string;
  /** FORMAT_1 */
  files?: PackageFiles;
  /** FORMAT: the files' JSON, raw deflate, base64. */
  deflated?: string;
}

export function createAccessPackager(deps: AccessPackagerDeps): PackageBuilder {
  return async (db, request, subject, exported) => {
    // Dates as ISO strings, as data.json has them, so the CSV and the summary say the same.
    const modules = JSON.parse(JSON.stringify(exported)) as ExportedModules;
    const access = request.type === 'access';
    const disclosures = access ? await deps.disclosuresOf(db, subject) : [];
    const accessLog = access && deps.accessLogOf ? await deps.accessLogOf(db, subject) : [];
    const sourceNotices =
      access && deps.sourceNoticesOf ? await deps.sourceNoticesOf(db, subject) : [];
    const files: PackageFiles = {
      'data.json': JSON.stringify(
        {
          requestId: request.id,
          type: request.type,
          generatedAt: request.generatedAt.toISOString(),
          modules,
          ...(access
            ? {
                disclosures: disclosures.map((d) => ({
                  recipient: d.recipient,
                  purpose: d.purpose,
                  categories: d.categories,
                  fields: d.fields,
                  status: d.status,
                  disclosedAt: d.disclosedAt.toISOString(),
                  // An authority's request: who asked, under which law (P28).
                  ...(d.authority ? { authority: d.authority } : {}),
                })),
                accessLog,
                sourceNotices,
              }
            : {}),
        },
        null,
        2,
      ),
    };
    for (const [module, section] of Object.entries(modules)) {
      for (const [category, rows] of Object.entries(section)) {
        files[`csv/${module}.${category}.csv`] = toCsv(rows);
      }
    }
    if (access) {
      files['summary.html'] = renderAccessSummary({
        manifest: deps.manifest(),
        lang: await deps.languageOf(db, subject),
        receivedAt: request.receivedAt,
        generatedAt: request.generatedAt,
        modules,
        disclosures: disclosures.filter((d) => d.status === 'sent'),
        accessLog,
        sourceNotices,
      });
    }
    return files;
  };
}

/** The text the vault seals: the files and what they are. */
export function envelope(request: PackageRequest, files: PackageFiles): string {
  const deflated = deflateRawSync(JSON.stringify(files), { level: DEFLATE_LEVEL });
  const e: Envelope = {
    format: FORMAT,
    type: request.type,
    generatedAt: request.generatedAt.toISOString(),
    deflated: deflated.toString('base64'),
  };
  return JSON.stringify(e);
}

/** The files of an opened envelope; an export sealed before packages existed is its data.json. */
export function openEnvelope(text: string): { generatedAt: Date | null; files: PackageFiles } {
  const parsed = JSON.parse(text) as Partial<Envelope> & { generatedAt?: string };
  const generatedAt = parsed.generatedAt ? new Date(parsed.generatedAt) : null;
  if (parsed.format === FORMAT && parsed.deflated !== undefined) {
    const json = inflateRawSync(Buffer.from(parsed.deflated, 'base64')).toString('utf8');
    return { generatedAt, files: JSON.parse(json) as PackageFiles };
  }
  if (parsed.format === FORMAT_1 && parsed.files) return { generatedAt, files: parsed.files };
  return { generatedAt, files: { 'data.json': text } };
}

/** The ZIP of the files; entries dated when the package was made, so it is the same each time. */
export function zipPackage(files: PackageFiles, generatedAt: Date | null): Uint8Array {
  // ZIP dates cannot be before 1980; a legacy export without a date gets the epoch of ZIP.
  const mtime = generatedAt ?? new Date('1980-01-01T00:00:00Z');
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
    entries[name] = [strToU8(content), { mtime }];
  return zipSync(entries, { level: 6 });
}

/** `my-data-2026-11-25.zip`, `my-portable-data-2026-11-25.zip`. */
export function packageFilename(type: PackageType, generatedAt: Date | null): string {
  const day = (generatedAt ?? new Date()).toISOString().slice(0, 10);
  return type === 'portability' ? `my-portable-data-${day}.zip` : `my-data-${day}.zip`;
}
