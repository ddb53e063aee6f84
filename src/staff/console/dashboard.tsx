/**
 * The dashboard's panels beside the open requests: restrictions in force, objections awaiting a
 * decision, tasks left to staff (rectifications to make, shop-platform requests to decide) and
 * today's consent choices. Each panel only for a role that may open what it links to; no one's
 * identity on any of them (customers by pseudonym, requests and tasks by type and date).
 */
import type { ConsentService } from '../../consent/consent.service.ts';
import type { Database } from '../../kit/db/database.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import type { OpenRequestSummary } from '../../rights/engine/rights.service.ts';
import { listOpenStaffTasks } from '../../rights/integrations/shopify-webhooks.repository.ts';
import type { ProcessingServices } from '../../rights/restriction/processing-services.ts';
import { holds } from '../access/permissions.ts';
import { caseworkText as cw } from './casework.messages.ts';
import { totalsByCategory } from './consent-charts.tsx';
import { consentKeyName } from './consent-stats.routes.tsx';
import { consoleText as ct } from './console.messages.ts';

export interface DashboardServices {
  processing: ProcessingServices;
  consent: ConsentService;
  database: Database;
  vault: Vault;
}

const SHOWN = 10;

export async function DashboardPanels(p: {
  services: DashboardServices;
  roles: readonly string[];
  lang: Lang;
  open: OpenRequestSummary[];
  today: string;
}) {
  const { services, lang } = p;
  const t = (k: keyof typeof cw) => text(cw[k], lang);
  const c = (k: keyof typeof ct) => text(ct[k] as never, lang);
  const reads = holds(p.roles, 'request.read');
  const restrictions = reads ? await services.processing.restrictions.listActive(SHOWN + 1) : [];
  const pseudonyms = await services.vault.pseudonymsOf(
    services.database.db,
    restrictions.slice(0, SHOWN).map((r) => r.customerId),
  );
  const objections = reads ? await services.processing.objections.awaiting(SHOWN + 1) : [];
  const rectifications = p.open.filter(
    (r) => r.type === 'rectification' && ['verified', 'running'].includes(r.status),
  );
  const tasks = reads ? await listOpenStaffTasks(services.database.db) : [];
  const consent = holds(p.roles, 'consent.stats')
    ? totalsByCategory(await services.consent.statistics(p.today, p.today))
    : undefined;
  const more = (n: number, href: string) =>
    n > SHOWN ? (
      <p>
        <a href={href}>{t('seeAll')}</a>
      </p>
    ) : null;

  return (
    <>
      {reads ? (
        <section aria-labelledby="p-restrictions" data-panel="restrictions">
          <h2 id="p-restrictions">
            {t('restrictionsInForce')} (
            {restrictions.length > SHOWN ? `${SHOWN}+` : restrictions.length})
          </h2>
          {restrictions.length === 0 ? (
            <p>{c('none')}</p>
          ) : (
            <ul>
              {restrictions.slice(0, SHOWN).map((r) => (
                <li>
                  <a href="/staff/restrictions">{pseudonyms.get(r.customerId)}</a> · {t('since')}{' '}
                  {r.since?.slice(0, 10)} · {t('noticeSent')}:{' '}
                  {r.liftNoticeSentAt?.slice(0, 10) ?? t('notYet')}
                </li>
              ))}
            </ul>
          )}
          {more(restrictions.length, '/staff/restrictions')}
        </section>
      ) : null}
      {reads ? (
        <section aria-labelledby="p-objections" data-panel="objections">
          <h2 id="p-objections">
            {t('objectionsAwaiting')} ({objections.length > SHOWN ? `${SHOWN}+` : objections.length}
            )
          </h2>
          {objections.length === 0 ? (
            <p>{c('none')}</p>
          ) : (
            <ul>
              {objections.slice(0, SHOWN).map((o) => (
                <li class={Date.parse(o.dueAt) < Date.parse(p.today) ? 'overdue' : undefined}>
                  <a href={`/staff/objections/${o.requestId}`}>
                    {c('due')} {o.dueAt.slice(0, 10)}
                  </a>{' '}
                  · {o.status}
                </li>
              ))}
            </ul>
          )}
          {more(objections.length, '/staff/objections')}
        </section>
      ) : null}
      {reads ? (
        <section aria-labelledby="p-tasks" data-panel="tasks">
          <h2 id="p-tasks">
            {t('staffTasks')} ({rectifications.length + tasks.length})
          </h2>
          {rectifications.length + tasks.length === 0 ? (
            <p>{c('none')}</p>
          ) : (
            <ul>
              {rectifications.slice(0, SHOWN).map((r) => (
                <li data-task="rectification">
                  <a href={`/staff/requests/${r.id}`}>{t('rectificationTask')}</a> · {c('due')}{' '}
                  {r.dueAt.slice(0, 10)}
                </li>
              ))}
              {tasks.slice(0, SHOWN).map((task) => (
                <li data-task={task.kind}>
                  {t('shopTask')} ({task.kind}) · {t('received')}{' '}
                  {task.created_at.toISOString().slice(0, 10)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {consent ? (
        <section aria-labelledby="p-consent" data-panel="consent">
          <h2 id="p-consent">{t('consentToday')}</h2>
          {consent.length === 0 ? (
            <p>{t('noChoices')}</p>
          ) : (
            <table class="consent-today">
              <thead>
                <tr>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('granted')}</th>
                  <th scope="col">{t('refused')}</th>
                  <th scope="col">{t('signalled')}</th>
                </tr>
              </thead>
              <tbody>
                {consent.map((x) => (
                  <tr data-key={x.key}>
                    <th scope="row">{consentKeyName(x.key, lang)}</th>
                    <td>{x.granted}</td>
                    <td>{x.refused}</td>
                    <td>{x.signalled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <a href="/staff/consent">{t('consentStats')}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
