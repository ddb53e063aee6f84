/**
 * Restrictions (Art. 18) in the console: the ones in force, each named by the customer's
 * pseudonym, and the two steps of lifting one in the order Art. 18(3) demands: tell the customer,
 * then lift (RestrictionService refuses a lift before the notice). Each step's audit entry commits
 * with the step.
 */
import { Hono, type Context } from 'hono';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Database } from '../../kit/db/database.ts';
import { NotFoundError } from '../../kit/errors.ts';
import type { Vault } from '../../kit/vault/vault.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import type { ProcessingServices } from '../../rights/restriction/processing-services.ts';
import { holds } from '../access/permissions.ts';
import { caseworkText as cw } from './casework.messages.ts';
import { consolePage, staffActor } from './console-render.tsx';
import { consoleText as ct } from './console.messages.ts';
import { signedInStaff, staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  processing: ProcessingServices;
  audit: AuditService;
  vault: Vault;
  database: Database;
}

const say = (lang: Lang) => (k: keyof typeof cw) => text(cw[k], lang);
const PSEUDONYM = /^[A-Za-z0-9_-]{8,128}$/;

export function restrictionRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { restrictions } = services.processing;
  const db = services.database.db;

  /** The customer behind a pseudonym in the path; anything else is answered as not found. */
  async function customerOf(c: Context): Promise<{ customerId: string; pseudonym: string }> {
    const pseudonym = c.req.param('pseudonym') ?? '';
    const customerId = PSEUDONYM.test(pseudonym)
      ? await services.vault.subjectOfPseudonym(db, pseudonym)
      : undefined;
    if (!customerId) throw new NotFoundError('A restriction of this customer');
    return { customerId, pseudonym };
  }

  staffRoute(app, 'GET', '/staff/restrictions', async (c) => {
    const lang = c.get('lang');
    const t = say(lang);
    const rows = await restrictions.listActive();
    const pseudonyms = await services.vault.pseudonymsOf(
      db,
      rows.map((r) => r.customerId),
    );
    const mayLift = holds(signedInStaff(c).roles, 'restriction.lift');
    return consolePage(
      c,
      t('restrictionsInForce'),
      <>
        <p>{t('liftRule')}</p>
        {rows.length === 0 ? (
          <p>{text(ct.none, lang)}</p>
        ) : (
          <table class="restrictions">
            <thead>
              <tr>
                <th scope="col">{text(ct.pseudonym, lang)}</th>
                <th scope="col">{t('since')}</th>
                <th scope="col">{t('noticeSent')}</th>
                <th scope="col">{t('next')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const p = pseudonyms.get(r.customerId)!;
                return (
                  <tr data-restriction={p}>
                    <td>
                      <a href={`/staff/customers/${p}`}>{p}</a>
                    </td>
                    <td>{r.since?.slice(0, 10)}</td>
                    <td>{r.liftNoticeSentAt?.slice(0, 10) ?? t('notYet')}</td>
                    <td>
                      {!mayLift ? (
                        '–'
                      ) : r.liftNoticeSentAt ? (
                        <form method="post" action={`/staff/restrictions/${p}/lift`}>
                          <button type="submit">{t('lift')}</button>
                        </form>
                      ) : (
                        <form method="post" action={`/staff/restrictions/${p}/notice`}>
                          <button type="submit">{t('sendNotice')}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </>,
    );
  });

  const step = (name: 'notice' | 'lift') =>
    staffRoute(app, 'POST', `/staff/restrictions/:pseudonym/${name}`, async (c) => {
      const { customerId, pseudonym } = await customerOf(c);
      const record = (trx: Parameters<typeof services.audit.record>[1]) =>
        services.audit.record(
          {
            actor: staffActor(c),
            action: name === 'notice' ? 'restriction.lift_notice' : 'restriction.lift',
            subject: pseudonym,
            outcome: 'ok',
          },
          trx,
        );
      if (name === 'notice') await restrictions.sendLiftNotice(customerId, record);
      else await restrictions.lift(customerId, record);
      return c.redirect('/staff/restrictions', 303);
    });
  step('notice');
  step('lift');
  return app;
}
