/**
 * The campaign pages of the staff console (marketing role, `campaign.manage`): the campaigns
 * with their progress, a new campaign in English, Finnish and Swedish, its preview in each
 * language, and sending it as a job. Mounted after the console (src/staff/console), whose staff
 * session middleware covers /staff/*; every route through `staffRoute` and the permission
 * table; every action audited by the service. Server-rendered forms, no script.
 */
import { Hono, type Context } from 'hono';
import type { AuditActor } from '../core/audit-trail.ts';
import type { Jobs } from '../kit/jobs/jobs.ts';
import { NotFoundError, ValidationError } from '../kit/errors.ts';
import { languages, text, type Lang } from '../kit/web/i18n.ts';
import { readFormWithLists } from '../kit/web/request-body.ts';
import { ConsolePage } from '../staff/console/console-page.tsx';
import { signedInStaff, staffRoute, type StaffEnv } from '../staff/console/staff-guard.ts';
import { sendCampaignJob } from './campaign-job.ts';
import { campaignText as ct } from './campaigns.messages.ts';
import type { Campaign, CampaignProgress, CampaignService } from './campaigns.service.ts';

interface Services {
  campaigns: CampaignService;
  jobs: Pick<Jobs, 'send'>;
}

const tx = (lang: Lang) => (k: keyof typeof ct) => text(ct[k], lang);
const actorOf = (c: Context<StaffEnv>): AuditActor => ({
  kind: 'staff',
  id: signedInStaff(c).staffId,
});
const inLang: Record<Lang, keyof typeof ct> = { en: 'inEnglish', fi: 'inFinnish', sv: 'inSwedish' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A field given twice is ambiguous: refused rather than guessed. */
function one(name: string, v: string | string[] | undefined): string | undefined {
  if (Array.isArray(v)) throw new ValidationError(`Give ${name} once.`, { [name]: 'given twice' });
  return v;
}

function idOf(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) throw new NotFoundError('The campaign');
  return id;
}

function Progress(p: { progress: CampaignProgress; lang: Lang }) {
  const t = tx(p.lang);
  const { audience, handled, sent, skipped, inDoubt } = p.progress;
  return (
    <p class="campaign-progress">
      <progress max={Math.max(audience ?? 0, 1)} value={handled} aria-label={t('progress')}>
        {handled}/{audience ?? 0}
      </progress>{' '}
      <span data-progress="">
        {handled}/{audience ?? 0} {t('handled')}: {t('counts')} {sent}, {skipped} {t('skipped')}
        {inDoubt > 0 ? `, ${inDoubt} ${t('inDoubt')}` : ''}
      </span>
    </p>
  );
}

export function campaignRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { campaigns } = services;
  const page = (c: Context<StaffEnv>, title: string, body: unknown) => {
    c.header('cache-control', 'no-store');
    return c.html(
      <ConsolePage lang={c.get('lang')} title={title} path={c.req.path} staff={c.get('staff')}>
        {body as never}
      </ConsolePage>,
    );
  };

  staffRoute(app, 'GET', '/staff/campaigns', async (c) => {
    const lang = c.get('lang');
    const t = tx(lang);
    const all = await campaigns.list(50);
    const progress = await Promise.all(all.map((k) => campaigns.progress(k.id)));
    return page(
      c,
      t('campaigns'),
      <>
        <p>{t('help')}</p>
        {all.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <section class="table-wrap" aria-label={t('campaigns')} tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('campaign')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('progress')}</th>
                  <th scope="col">{t('created')}</th>
                </tr>
              </thead>
              <tbody>
                {all.map((k, i) => (
                  <tr data-campaign={k.id}>
                    <th scope="row">
                      <a href={`/staff/campaigns/${k.id}`}>{k.subject[lang]}</a>
                    </th>
                    <td>{t(k.status)}</td>
                    <td>
                      <Progress progress={progress[i]!} lang={lang} />
                    </td>
                    <td>{k.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <h2>{t('newCampaign')}</h2>
        <form method="post" action="/staff/campaigns">
          {languages.map((l) => (
            <fieldset>
              <legend>{t(inLang[l])}</legend>
              <label for={`subject-${l}`}>{t('subject')}</label>
              <input
                id={`subject-${l}`}
                name={`subject_${l}`}
                type="text"
                required
                maxlength={200}
              />
              <label for={`body-${l}`}>{t('body')}</label>
              <textarea id={`body-${l}`} name={`body_${l}`} rows={8} required maxlength={20000} />
            </fieldset>
          ))}
          <button type="submit">{t('save')}</button>
        </form>
      </>,
    );
  });

  staffRoute(app, 'POST', '/staff/campaigns', async (c) => {
    const form = await readFormWithLists(c);
    const pick = (field: 'subject' | 'body') =>
      Object.fromEntries(languages.map((l) => [l, one(`${field}_${l}`, form[`${field}_${l}`])]));
    const created = await campaigns.create(
      { subject: pick('subject'), body: pick('body') },
      actorOf(c),
    );
    return c.redirect(`/staff/campaigns/${created.id}`, 303);
  });

  staffRoute(app, 'GET', '/staff/campaigns/:id', async (c) => {
    const lang = c.get('lang');
    const t = tx(lang);
    const id = idOf(c);
    const campaign: Campaign = await campaigns.get(id);
    const progress = await campaigns.progress(id);
    const previews = await Promise.all(languages.map((l) => campaigns.preview(id, l)));
    return page(
      c,
      `${t('campaign')}: ${campaign.subject[lang]}`,
      <>
        <p>
          {t('status')}: <strong data-status="">{t(campaign.status)}</strong>
        </p>
        <Progress progress={progress} lang={lang} />
        {campaign.status === 'sending' ? (
          <p>
            <a href={`/staff/campaigns/${id}`}>{t('refresh')}</a>
          </p>
        ) : null}
        {campaign.status === 'draft' ? (
          <form method="post" action={`/staff/campaigns/${id}/send`}>
            <p>
              {t('listSize')}: {previews[0]!.listSize}
            </p>
            <button type="submit">{t('send')}</button>
          </form>
        ) : null}
        <h2>{t('preview')}</h2>
        {languages.map((l, i) => (
          <section aria-label={t(inLang[l])} lang={l}>
            <h3>{t(inLang[l])}</h3>
            <p>
              <strong>{previews[i]!.message.subject}</strong>
            </p>
            <pre class="mail-preview">{previews[i]!.message.text}</pre>
          </section>
        ))}
      </>,
    );
  });

  staffRoute(app, 'POST', '/staff/campaigns/:id/send', async (c) => {
    const id = idOf(c);
    const actor = actorOf(c);
    await campaigns.start(id, actor);
    // The job does the sending; a worker killed halfway is retried and resumes.
    await services.jobs.send(sendCampaignJob, { campaignId: id, actor }, { singletonKey: id });
    return c.redirect(`/staff/campaigns/${id}`, 303);
  });

  return app;
}
