/**
 * The breach register in the staff console: the list with each breach's 72-hour clock, the form
 * that records one, and a breach's page with the Ombudsman's notification text, the form that
 * records it sent (the delay's reasons when late) and the one that tells the people affected.
 * Each route is mounted with `staffRoute()` behind its permission (src/staff/access/permissions.ts);
 * the app's CSRF check (Origin) guards the posts; the services audit every action.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuditActor } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import { NotFoundError } from '../kit/errors.ts';
import { text, type Lang, type Localized } from '../kit/web/i18n.ts';
import { readFormWithLists } from '../kit/web/request-body.ts';
import { holds } from '../staff/access/permissions.ts';
import { ConsolePage } from '../staff/console/console-page.tsx';
import { signedInStaff, staffRoute, type StaffEnv } from '../staff/console/staff-guard.ts';
import type { ClockState } from './breach-clock.ts';
import { consequenceCodes, consequenceWords, measureCodes, measureWords } from './breach-codes.ts';
import { affectedInput, authorityNoticeInput, breachInput } from './breach-input.ts';
import { breachText as bt } from './breaches.messages.ts';
import type { BreachService, BreachView, NoticeRun } from './breaches.service.ts';

interface Services {
  registers: { breaches: BreachService };
  policy: { manifest: Manifest };
}

const uuid = z.uuid();
const l = (lang: Lang) => (m: Localized) => text(m, lang);
const fill = (s: string, vars: Record<string, number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const utc = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const actorOf = (c: Context<StaffEnv>): AuditActor => ({
  kind: 'staff',
  id: signedInStaff(c).staffId,
});

function breachId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!uuid.safeParse(id).success) throw new NotFoundError('The breach');
  return id;
}

function clockLabel(state: ClockState, lang: Lang): string {
  const t = l(lang);
  switch (state.kind) {
    case 'not_required':
      return t(bt.clockStates.not_required);
    case 'open':
      return fill(t(bt.clockStates.open), { n: state.hoursLeft });
    case 'overdue':
      return fill(t(bt.clockStates.overdue), { n: state.hoursLate });
    case 'notified':
      return state.late
        ? fill(t(bt.clockStates.notifiedLate), { n: state.hoursLate })
        : t(bt.clockStates.notified);
  }
}

export function breachRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const register = services.registers.breaches;
  const page = (c: Context<StaffEnv>, title: string, body: unknown, status: 200 | 201 = 200) =>
    c.html(
      <ConsolePage lang={c.get('lang')} title={title} path={c.req.path} staff={c.get('staff')}>
        {body as never}
      </ConsolePage>,
      status,
    );

  staffRoute(app, 'GET', '/staff/breaches', async (c) => {
    const lang = c.get('lang');
    const t = l(lang);
    const list = await register.list();
    const canRecord = holds(signedInStaff(c).roles, 'breach.manage');
    return page(
      c,
      t(bt.title),
      <>
        <p>{t(bt.intro)}</p>
        {list.length === 0 ? (
          <p>{t(bt.none)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t(bt.discovered)}</th>
                <th scope="col">{t(bt.nature)}</th>
                <th scope="col">{t(bt.risk)}</th>
                <th scope="col">{t(bt.clock)}</th>
                <th scope="col">{t(bt.told)}</th>
                <th scope="col">{t(bt.breach)}</th>
              </tr>
            </thead>
            <tbody>
              {list.map(({ breach, clock }) => (
                <tr>
                  <td>{utc(breach.discoveredAt)}</td>
                  <td>{t(bt.natures[breach.nature])}</td>
                  <td>{t(bt.risks[breach.risk])}</td>
                  <td>{clockLabel(clock, lang)}</td>
                  <td>{breach.peopleNotified}</td>
                  <td>
                    <a href={`/staff/breaches/${breach.id}`}>{t(bt.open)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canRecord ? <RecordForm lang={lang} manifest={services.policy.manifest} /> : null}
      </>,
    );
  });

  staffRoute(app, 'POST', '/staff/breaches', async (c) => {
    const input = breachInput.parse(await readFormWithLists(c));
    const b = await register.record(input, actorOf(c));
    return c.redirect(`/staff/breaches/${b.id}`, 303);
  });

  const breachPage = async (c: Context<StaffEnv>, run?: NoticeRun) => {
    const lang = c.get('lang');
    const id = breachId(c);
    const view = await register.view(id);
    const notification = await register.notificationText(id, lang);
    const canManage = holds(signedInStaff(c).roles, 'breach.manage');
    return page(
      c,
      `${l(lang)(bt.breach)} ${utc(view.breach.discoveredAt)}`,
      <BreachDetail
        lang={lang}
        view={view}
        notification={notification}
        manifest={services.policy.manifest}
        canManage={canManage}
        run={run}
      />,
    );
  };
  staffRoute(app, 'GET', '/staff/breaches/:id', (c) => breachPage(c));

  staffRoute(app, 'POST', '/staff/breaches/:id/authority-notified', async (c) => {
    const id = breachId(c);
    const input = authorityNoticeInput.parse(await readFormWithLists(c));
    await register.markAuthorityNotified(id, input, actorOf(c));
    return c.redirect(`/staff/breaches/${id}`, 303);
  });

  staffRoute(app, 'POST', '/staff/breaches/:id/notify-people', async (c) => {
    const id = breachId(c);
    const input = affectedInput.parse(await readFormWithLists(c));
    const run = await register.notifyPeople(id, input, actorOf(c));
    return breachPage(c, run);
  });

  return app;
}

function Choices(p: {
  legend: string;
  name: string;
  options: [string, string][];
  type?: 'checkbox' | 'radio';
}) {
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      {p.options.map(([value, label]) => (
        <div>
          <input
            type={p.type ?? 'checkbox'}
            id={`f-${p.name}-${value.replaceAll('.', '-')}`}
            name={p.name}
            value={value}
          />
          <label for={`f-${p.name}-${value.replaceAll('.', '-')}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function Field(p: { name: string; label: string; type?: string; required?: boolean }) {
  return (
    <div class="field">
      <label for={`f-${p.name}`}>{p.label}</label>
      <input id={`f-${p.name}`} name={p.name} type={p.type ?? 'text'} required={p.required} />
    </div>
  );
}

function Area(p: { name: string; label: string; required?: boolean }) {
  return (
    <div class="field">
      <label for={`f-${p.name}`}>{p.label}</label>
      <textarea id={`f-${p.name}`} name={p.name} rows={3} maxlength={4000} required={p.required} />
    </div>
  );
}

function RecordForm(p: { lang: Lang; manifest: Manifest }) {
  const t = l(p.lang);
  return (
    <section aria-labelledby="record">
      <h2 id="record">{t(bt.record)}</h2>
      <p>
        {t(bt.noNames)} {t(bt.utc)}
      </p>
      <form method="post" action="/staff/breaches">
        <Choices
          legend={t(bt.nature)}
          name="nature"
          type="radio"
          options={(['confidentiality', 'integrity', 'availability'] as const).map((k) => [
            k,
            t(bt.natures[k]),
          ])}
        />
        <Area name="description" label={t(bt.description)} required />
        <Field name="occurredAt" label={t(bt.occurredAt)} type="datetime-local" />
        <Field name="discoveredAt" label={t(bt.discoveredAt)} type="datetime-local" required />
        <Choices
          legend={t(bt.categories)}
          name="categories"
          options={Object.entries(p.manifest.categories).map(([k, c]) => [k, c.label[p.lang]])}
        />
        <Field name="approxPeople" label={t(bt.approxPeople)} type="number" required />
        <Field name="approxRecords" label={t(bt.approxRecords)} type="number" required />
        <Choices
          legend={t(bt.consequences)}
          name="consequences"
          options={consequenceCodes.map((k) => [k, consequenceWords[k][p.lang]])}
        />
        <Area name="consequencesText" label={t(bt.consequencesText)} required />
        <Choices
          legend={t(bt.measures)}
          name="measures"
          options={measureCodes.map((k) => [k, measureWords[k][p.lang]])}
        />
        <Area name="measuresText" label={t(bt.measuresText)} required />
        <Choices
          legend={t(bt.risk)}
          name="risk"
          type="radio"
          options={(['unlikely', 'risk', 'high'] as const).map((k) => [k, t(bt.risks[k])])}
        />
        <Area name="assessment" label={t(bt.assessment)} required />
        <Area name="delayReason" label={t(bt.delayReason)} />
        <button type="submit">{t(bt.save)}</button>
      </form>
    </section>
  );
}

function BreachDetail(p: {
  lang: Lang;
  view: BreachView;
  notification: string;
  manifest: Manifest;
  canManage: boolean;
  run: NoticeRun | undefined;
}) {
  const t = l(p.lang);
  const { breach: b, clock } = p.view;
  const deadline = clock.kind === 'not_required' ? undefined : clock.deadline;
  return (
    <>
      {p.run ? <p role="status">{fill(t(bt.run), { ...p.run })}</p> : null}
      <dl>
        <dt>{t(bt.clock)}</dt>
        <dd>
          {clockLabel(clock, p.lang)}
          {deadline ? ` (${t(bt.deadline)} ${utc(deadline)})` : ''}
        </dd>
        {b.delayReason ? (
          <>
            <dt>{t(bt.delayGiven)}</dt>
            <dd>{b.delayReason}</dd>
          </>
        ) : null}
        <dt>{t(bt.risk)}</dt>
        <dd>{t(bt.risks[b.risk])}</dd>
        <dt>{t(bt.assessment)}</dt>
        <dd>{b.assessment}</dd>
        <dt>{t(bt.told)}</dt>
        <dd>{b.peopleNotified}</dd>
        <dt>{t(bt.unreachable)}</dt>
        <dd>{b.peopleUnreachable}</dd>
      </dl>
      <section aria-labelledby="notification">
        <h2 id="notification">{t(bt.notification)}</h2>
        <pre class="notification">{p.notification}</pre>
        {p.canManage && !b.authorityNotifiedAt && b.risk !== 'unlikely' ? (
          <form method="post" action={`/staff/breaches/${b.id}/authority-notified`}>
            <Field name="reference" label={t(bt.reference)} />
            <Field name="at" label={t(bt.notifiedAt)} type="datetime-local" />
            <Area name="delayReason" label={t(bt.delayReason)} />
            <button type="submit">{t(bt.markNotified)}</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="people">
        <h2 id="people">{t(bt.people)}</h2>
        {b.risk !== 'high' ? (
          <p>{t(bt.onlyHigh)}</p>
        ) : (
          <>
            <p>{t(bt.peopleIntro)}</p>
            {p.canManage ? (
              <form method="post" action={`/staff/breaches/${b.id}/notify-people`}>
                <Choices
                  legend={t(bt.findBy)}
                  name="by"
                  type="radio"
                  options={(['category', 'disclosure', 'audit'] as const).map((k) => [
                    k,
                    t(bt.finders[k]),
                  ])}
                />
                <Field name="key" label={t(bt.key)} required />
                <Field name="from" label={t(bt.from)} type="datetime-local" />
                <Field name="to" label={t(bt.to)} type="datetime-local" />
                <button type="submit">{t(bt.notify)}</button>
              </form>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}
