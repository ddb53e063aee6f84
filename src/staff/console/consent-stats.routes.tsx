/**
 * Consent statistics in the console (/staff/consent): the same figures as GET /api/consent/stats
 * (ConsentService.statistics: counts per day and key, no one's identity), as server-drawn SVG
 * charts with a table of the totals. The period is chosen with two dates (the last 30 days when
 * left out); the service refuses a bad or too long period (400 with the reason).
 */
import { Hono } from 'hono';
import type { ConsentService } from '../../consent/consent.service.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { caseworkText as cw, consentKeyNames } from './casework.messages.ts';
import {
  AcceptanceChart,
  ChoicesChart,
  rate,
  SignalChart,
  totalsByCategory,
} from './consent-charts.tsx';
import { consolePage } from './console-render.tsx';
import { consoleText as ct } from './console.messages.ts';
import { staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  consent: ConsentService;
}

const say = (lang: Lang) => (k: keyof typeof cw) => text(cw[k], lang);
export const consentKeyName = (key: string, lang: Lang) => {
  const name = consentKeyNames[key];
  return name ? text(name, lang) : key;
};
const day = (v: string | undefined) => (v && v.trim() !== '' ? v.trim().slice(0, 10) : undefined);

export function consentStatsRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  staffRoute(app, 'GET', '/staff/consent', async (c) => {
    const lang = c.get('lang');
    const t = say(lang);
    const stats = await services.consent.statistics(
      day(c.req.query('from')),
      day(c.req.query('to')),
    );
    const totals = totalsByCategory(stats);
    const label = (key: string) => consentKeyName(key, lang);
    return consolePage(
      c,
      t('consentStats'),
      <>
        <form method="get" action="/staff/consent">
          <label for="s-from">{t('from')}</label>
          <input id="s-from" name="from" type="date" value={stats.from} />
          <label for="s-to">{t('to')}</label>
          <input id="s-to" name="to" type="date" value={stats.to} />
          <button type="submit">{t('showStatus')}</button>
        </form>
        {totals.length === 0 ? (
          <p role="status">{t('noChoices')}</p>
        ) : (
          <>
            <section aria-labelledby="h-choices">
              <h2 id="h-choices">{t('choicesPerDay')}</h2>
              <p class="chart-legend">
                <span class="swatch granted" /> {t('granted')} <span class="swatch refused" />{' '}
                {t('refused')}
              </p>
              {totals.map((x) => (
                <figure>
                  <figcaption>{label(x.key)}</figcaption>
                  <ChoicesChart
                    id={`chart-${x.key}`}
                    title={`${t('choicesPerDay')}: ${label(x.key)}`}
                    stats={stats}
                    category={x.key}
                  />
                </figure>
              ))}
            </section>
            <section aria-labelledby="h-rate">
              <h2 id="h-rate">{t('acceptanceRate')}</h2>
              <AcceptanceChart
                id="chart-rate"
                title={t('acceptanceRate')}
                totals={totals}
                label={label}
              />
            </section>
            <section aria-labelledby="h-signal">
              <h2 id="h-signal">{t('gpcShare')}</h2>
              <SignalChart id="chart-signal" title={t('gpcShare')} stats={stats} />
            </section>
            <table class="consent-totals">
              <caption>
                {t('total')} {stats.from} – {stats.to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('granted')}</th>
                  <th scope="col">{t('refused')}</th>
                  <th scope="col">{t('rate')}</th>
                  <th scope="col">{t('signalled')}</th>
                </tr>
              </thead>
              <tbody>
                {totals.map((x) => (
                  <tr data-key={x.key}>
                    <th scope="row">{label(x.key)}</th>
                    <td>{x.granted}</td>
                    <td>{x.refused}</td>
                    <td>{`${Math.round(rate(x) * 100)} %`}</td>
                    <td>{x.signalled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <p>
          <a href="/staff">{text(ct.dashboard, lang)}</a>
        </p>
      </>,
    );
  });
  return app;
}
