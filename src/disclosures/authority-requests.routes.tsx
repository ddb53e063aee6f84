/**
 * Requests from authorities in the staff console: the record of past ones and the form that
 * discloses through the gate (authority-requests.service.ts). The answer shows once what was
 * given, for staff to hand over; only the DPO holds the permission, whose role sees every
 * category anyway, and the gate and the service audit the disclosure.
 */
import { Hono, type Context } from 'hono';
import type { AuditActor } from '../core/audit-trail.ts';
import { text, type Lang, type Localized } from '../kit/web/i18n.ts';
import { readFormWithLists } from '../kit/web/request-body.ts';
import { ConsolePage } from '../staff/console/console-page.tsx';
import { signedInStaff, staffRoute, type StaffEnv } from '../staff/console/staff-guard.ts';
import { authorityText as at } from './authority-requests.messages.ts';
import {
  authorityRequestInput,
  type AuthorityRequestService,
} from './authority-requests.service.ts';

interface Services {
  registers: { authorityRequests: AuthorityRequestService };
}

const l = (lang: Lang) => (m: Localized) => text(m, lang);
const utc = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const actorOf = (c: Context<StaffEnv>): AuditActor => ({
  kind: 'staff',
  id: signedInStaff(c).staffId,
});

export function authorityRequestRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const requests = services.registers.authorityRequests;

  staffRoute(app, 'GET', '/staff/authority-requests', async (c) => {
    const lang = c.get('lang');
    const t = l(lang);
    const [list, fields] = await Promise.all([requests.list(), requests.allowedFields()]);
    return c.html(
      <ConsolePage lang={lang} title={t(at.title)} path={c.req.path} staff={c.get('staff')}>
        <p>{t(at.intro)}</p>
        {list.length === 0 ? (
          <p>{t(at.none)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t(at.when)}</th>
                <th scope="col">{t(at.authority)}</th>
                <th scope="col">{t(at.provision)}</th>
                <th scope="col">{t(at.subject)}</th>
                <th scope="col">{t(at.fields)}</th>
                <th scope="col">{t(at.told)}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr>
                  <td>{utc(r.recordedAt)}</td>
                  <td>{r.authority}</td>
                  <td>{r.provision}</td>
                  <td>{r.subjectPseudonym}</td>
                  <td>{r.fields.join(', ')}</td>
                  <td>
                    {r.informSubject ? t(at.yes) : `${t(at.withheld)}: ${r.withheldReason ?? ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <section aria-labelledby="record">
          <h2 id="record">{t(at.record)}</h2>
          <form method="post" action="/staff/authority-requests">
            <div class="field">
              <label for="f-pseudonym">{t(at.pseudonym)}</label>
              <input id="f-pseudonym" name="pseudonym" type="text" required autocomplete="off" />
            </div>
            <div class="field">
              <label for="f-authority">{t(at.authority)}</label>
              <input id="f-authority" name="authority" type="text" required maxlength={200} />
            </div>
            <div class="field">
              <label for="f-provision">{t(at.provision)}</label>
              <input id="f-provision" name="provision" type="text" required maxlength={300} />
            </div>
            <div class="field">
              <label for="f-request">{t(at.request)}</label>
              <textarea id="f-request" name="request" rows={3} required maxlength={4000} />
            </div>
            <fieldset>
              <legend>{t(at.fields)}</legend>
              {fields.map((f) => (
                <div>
                  <input type="checkbox" id={`f-fields-${f}`} name="fields" value={f} />
                  <label for={`f-fields-${f}`}>{f}</label>
                </div>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t(at.inform)}</legend>
              <div>
                <input type="radio" id="f-inform-yes" name="informSubject" value="yes" checked />
                <label for="f-inform-yes">{t(at.yes)}</label>
              </div>
              <div>
                <input type="radio" id="f-inform-no" name="informSubject" value="no" />
                <label for="f-inform-no">{t(at.no)}</label>
              </div>
            </fieldset>
            <div class="field">
              <label for="f-withheldReason">{t(at.withheldReason)}</label>
              <textarea id="f-withheldReason" name="withheldReason" rows={3} maxlength={4000} />
            </div>
            <button type="submit">{t(at.save)}</button>
          </form>
        </section>
      </ConsolePage>,
    );
  });

  staffRoute(app, 'POST', '/staff/authority-requests', async (c) => {
    const lang = c.get('lang');
    const input = authorityRequestInput.parse(await readFormWithLists(c));
    const result = await requests.disclose(input, actorOf(c));
    return c.html(
      <ConsolePage lang={lang} title={l(lang)(at.title)} path={c.req.path} staff={c.get('staff')}>
        <p role="status">{l(lang)(at.given)}</p>
        <pre>{JSON.stringify(result.given, null, 2)}</pre>
        <p>
          <a href="/staff/authority-requests">{l(lang)(at.title)}</a>
        </p>
      </ConsolePage>,
      201,
    );
  });

  return app;
}
