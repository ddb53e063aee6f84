/**
 * The console's policy page (`/staff/policy`, permission `policy.publish`): the published
 * versions with their notice progress, and publishing the manifest file's pending change with
 * its note in en/fi/sv. Publishing is audited; a significant version queues its notices.
 */
import { Hono, type Context } from 'hono';
import type { AuditService } from '../../audit/audit.service.ts';
import { text } from '../../kit/web/i18n.ts';
import { readFormWithLists } from '../../kit/web/request-body.ts';
import type { PolicyPublishing } from '../../policy/policy-publishing.service.ts';
import type { PolicyService } from '../../policy/policy.service.ts';
import { ConsolePage } from './console-page.tsx';
import { policyConsoleText as pt } from './policy-console.messages.ts';
import { signedInStaff, staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  audit: AuditService;
  policy: PolicyService;
  policyPublishing: PolicyPublishing;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const fill = (s: string, v: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => String(v[k] ?? m));

export function policyConsoleRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { policy, policyPublishing } = services;

  staffRoute(app, 'GET', '/staff/policy', async (c: Context<StaffEnv>) => {
    const lang = c.get('lang');
    const t = (k: keyof typeof pt) => text(pt[k], lang);
    const versions = (await policy.listVersions()).reverse();
    const progress = new Map(
      await Promise.all(
        versions
          .filter((v) => v.significant)
          .map(async (v) => [v.version, await policyPublishing.progress(v.version)] as const),
      ),
    );
    c.header('cache-control', 'no-store');
    return c.html(
      <ConsolePage lang={lang} title={t('title')} path={c.req.path} staff={c.get('staff')}>
        <p role="status">{policy.pending ? t('pending') : t('upToDate')}</p>
        <section aria-labelledby="versions">
          <h2 id="versions">{t('versions')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('version')}</th>
                <th scope="col">{t('date')}</th>
                <th scope="col">{t('significant')}</th>
                <th scope="col">{t('notices')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                const p = progress.get(v.version);
                return (
                  <tr>
                    <td>
                      <a href={`/privacy?version=${v.version}`}>{v.version}</a>
                    </td>
                    <td>{v.effectiveDate}</td>
                    <td>{v.significant ? t('yes') : t('no')}</td>
                    <td>
                      {p
                        ? fill(t('progress'), {
                            done: p.done,
                            total: p.total,
                            sent: p.sent,
                            state: p.finished ? t('finished') : '',
                          })
                        : '–'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
        {policy.pending && (
          <section aria-labelledby="publish">
            <h2 id="publish">{t('publish')}</h2>
            <form method="post" action="/staff/policy/publish">
              <label for="note_en">{t('noteEn')}</label>
              <textarea id="note_en" name="note_en" required maxlength={2000}></textarea>
              <label for="note_fi">{t('noteFi')}</label>
              <textarea id="note_fi" name="note_fi" required maxlength={2000}></textarea>
              <label for="note_sv">{t('noteSv')}</label>
              <textarea id="note_sv" name="note_sv" required maxlength={2000}></textarea>
              <label>
                <input type="checkbox" name="significant" value="1" /> {t('significantLabel')}
              </label>
              <button type="submit">{t('submit')}</button>
            </form>
          </section>
        )}
      </ConsolePage>,
    );
  });

  staffRoute(app, 'POST', '/staff/policy/publish', async (c: Context<StaffEnv>) => {
    const f = await readFormWithLists(c);
    const row = await policyPublishing.publish({
      significant: one(f.significant) === '1',
      notes: { en: one(f.note_en), fi: one(f.note_fi), sv: one(f.note_sv) },
    });
    await services.audit.record({
      actor: { kind: 'staff', id: signedInStaff(c).staffId },
      action: 'policy.publish',
      outcome: 'ok',
      detail: { version: row.version, significant: row.significant },
    });
    return c.redirect('/staff/policy', 303);
  });

  return app;
}
