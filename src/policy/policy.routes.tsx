/**
 * The privacy policy (`/privacy`, `/privacy?version=N` for a published older version) and the
 * records of processing (`/privacy/records`, `/privacy/records.csv`), all rendered from the
 * manifest the policy service holds.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../kit/errors.ts';
import type { PolicyService } from './policy.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { Layout } from '../kit/web/layout.tsx';
import { pageCache } from '../kit/web/page-cache.ts';
import { PolicyArticle } from './policy-article.tsx';
import { buildPolicyDocument } from './policy-document.ts';
import { fill, headings, prose } from './policy-messages.ts';
import { formatDate } from './policy-terms.ts';
import { proofText } from '../conformance/proof.messages.ts';
import { RecordsArticle, recordsText } from './records-article.tsx';
import { buildRecords, recordsCsv } from './records.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  policy: PolicyService;
}

const versionQuery = z.object({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a policy version number, like 1')
    .transform(Number)
    .optional(),
});

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
    const doc = buildPolicyDocument(shown.manifest, lang);
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
