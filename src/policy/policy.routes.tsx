/**
 * The privacy policy (`/privacy`, `/privacy?version=N` for a published older version) and the
 * records of processing (`/privacy/records`, `/privacy/records.csv`), all rendered from the
 * manifest the policy service holds.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import type { PolicyService } from './policy.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { Layout } from '../kit/web/layout.tsx';
import { pageCache } from '../kit/web/page-cache.ts';
import { PolicyArticle } from './policy-article.tsx';
import { buildPolicyDocument } from './policy-document.ts';
import { PolicyChanges } from './policy-changes.tsx';
import { changesText } from './policy-changes.messages.ts';
import { diffPolicies } from './policy-diff.ts';
import { fill, headings, prose } from './policy-messages.ts';
import { formatDate } from './policy-terms.ts';
import { proofText } from '../conformance/proof.messages.ts';
import { RecordsArticle, recordsText } from './records-article.tsx';
import { buildRecords, recordsCsv } from './records.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  policy: PolicyService;
}

const versionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, 'must be a policy version number, like 1')
  .transform(Number)
  .optional();
const versionQuery = z.object({ version: versionNumber });
const changesQuery = z.object({ from: versionNumber, to: versionNumber });

export function policyRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const { policy } = services;

  // Rendered once per language and version: the policy changes only when a version is
  // published (a new version number, so a new key). No visitor's data is on it.
  const cached = pageCache({
    version: () => services.policy.currentVersion.version,
    ttlMs: 3_600_000,
  });
  app.get('/privacy', cached, async (c) => {
    const lang = c.get('lang');
    const { version } = versionQuery.parse(c.req.query());
    let shown = { version: policy.currentVersion, manifest: policy.manifest };
    if (version !== undefined) {
      const found = await policy.findVersion(version);
      if (!found) throw new NotFoundError(`Policy version ${version}`);
      shown = found;
    }
    // "Last updated" and the change log are the publications up to the version shown.
    const history = (await policy.listVersions()).filter((v) => v.version <= shown.version.version);
    const doc = buildPolicyDocument(shown.manifest, lang, undefined, history);
    const old = shown.version.version !== policy.currentVersion.version;
    return c.html(
      <Layout
        lang={lang}
        title={headings.title[lang]}
        path={version === undefined ? '/privacy' : `/privacy?version=${version}`}
      >
        {old && (
          <p class="notice" role="note">
            {fill(prose.versionShown[lang], {
              version: String(shown.version.version),
              date: formatDate(shown.version.effectiveDate, lang),
            })}{' '}
            <a href="/privacy">{prose.currentVersion[lang]}</a>
          </p>
        )}
        <PolicyArticle doc={doc} />
        <p class="proof-link">
          <a href="/privacy/proof">{proofText.proofLink[lang]}</a>
        </p>
      </Layout>,
    );
  });

  app.get('/privacy/changes', async (c) => {
    const lang = c.get('lang');
    const query = changesQuery.parse(c.req.query());
    const to = query.to ?? policy.currentVersion.version;
    const from = query.from ?? to - 1;
    if (from < 1 || from >= to)
      throw new ValidationError('from must be an older version than to, like from=1&to=2', {
        from: 'an older version than to',
      });
    const [older, newer] = await Promise.all([policy.findVersion(from), policy.findVersion(to)]);
    if (!older) throw new NotFoundError(`Policy version ${from}`);
    if (!newer) throw new NotFoundError(`Policy version ${to}`);
    const sections = diffPolicies(
      buildPolicyDocument(older.manifest, lang),
      buildPolicyDocument(newer.manifest, lang),
    );
    return c.html(
      <Layout
        lang={lang}
        title={changesText.title[lang]}
        path={`/privacy/changes?from=${from}&to=${to}`}
      >
        <PolicyChanges
          view={{
            lang,
            from: { version: from, date: formatDate(older.version.effectiveDate, lang) },
            to: {
              version: to,
              date: formatDate(newer.version.effectiveDate, lang),
              note: newer.version.notes?.[lang],
            },
            sections,
          }}
        />
      </Layout>,
    );
  });

  app.get('/privacy/records', (c) => {
    const lang = c.get('lang');
    return c.html(
      <Layout lang={lang} title={recordsText.title[lang]} path="/privacy/records">
        <RecordsArticle ropa={buildRecords(policy.manifest, lang)} lang={lang} />
      </Layout>,
    );
  });

  app.get('/privacy/records.csv', (c) => {
    const csv = recordsCsv(buildRecords(policy.manifest, c.get('lang')));
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="records-of-processing.csv"',
    });
  });

  return app;
}
