/**
 * Retention in the staff console (`retention.read`): per manifest rule what is due now, held and
 * next due (the plan of `custodian retention plan`), the last runs with each sweep's counts,
 * duration and error, and the legal holds in force: the customer by pseudonym, the order by its
 * number, the last day, who placed it, and for each erasure waiting on it the date its customer
 * was last told.
 *
 * Holders of `retention.hold` (the DPO) place, extend and release holds through HoldService, as
 * the CLI does (same checks, audit entries and mails to people whose erasure waits); the staff
 * member's id is the hold's `placedBy`. These change what is kept and reveal nothing, so, like
 * the breach register's and the restrictions' actions, they ask for no re-authentication. A
 * hold's reason is sealed (it may name people): it is revealed as a customer's masked data is,
 * one hold at a time, to a holder of `retention.hold` who re-authenticated within 5 minutes and
 * says why, audited (`retention.hold_reason`). The app's CSRF check (Origin) guards the posts.
 * A refusal re-renders the page with its 4xx status and the reason in the staff member's language.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { Database } from '../kit/db/database.ts';
import { DomainError } from '../kit/errors.ts';
import { ReauthRequiredError } from '../staff/staff-sign-in.service.ts';
import { text, type Lang, type Localized } from '../kit/web/i18n.ts';
import { readFormWithLists } from '../kit/web/request-body.ts';
import { toErrorBody } from '../kit/web/error-handler.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { holds as holdsPermission } from '../staff/access/permissions.ts';
import { ConsolePage } from '../staff/console/console-page.tsx';
import { signedInStaff, staffRoute, type StaffEnv } from '../staff/console/staff-guard.ts';
import type { StaffServices } from '../staff/staff.service.ts';
import { endOfLastDay, holdInput, lastDayOf, localHoldError } from './hold-input.ts';
import type { HoldView } from './holds.service.ts';
import type { RulePlan } from './retention-plan.ts';
import type { RunRecord } from './retention.repository.ts';
import { orderReferences } from './retention.repository.ts';
import { retentionText as rt } from './retention.messages.ts';
import type { RetentionServices } from './retention.service.ts';

interface Services {
  retention: RetentionServices;
  database: Database;
  vault: Vault;
  staff: StaffServices;
  policy: { manifest: Manifest };
}

const RUNS = 5;
const done = { placed: rt.placed, extended: rt.extended, released: rt.released } as const;
const l = (lang: Lang) => (m: Localized) => text(m, lang);
const utc = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
const wordOf = (words: Record<string, Localized>, key: string, lang: Lang) =>
  words[key] ? text(words[key], lang) : key;

/** A hold as the page shows it: its target by pseudonym or order number, and who placed it. */
interface HoldRow {
  hold: HoldView;
  target: string;
  placedBy: string;
  waiting: { until: string; at: Date } | null;
}

export function retentionConsoleRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const { retention } = services;

  const holdRows = async (lang: Lang): Promise<HoldRow[]> => {
    const { db } = services.database;
    const [list, told, staff] = await Promise.all([
      retention.holds.list(),
      retention.holds.lastTold(),
      services.staff.accounts.list(),
    ]);
    const customers = list.flatMap((h) => (h.target.kind === 'customer' ? [h.target.id] : []));
    const orders = list.flatMap((h) => (h.target.kind === 'order' ? [h.target.id] : []));
    const [pseudonyms, references] = await Promise.all([
      services.vault.pseudonymsOf(db, customers),
      orderReferences(db, orders),
    ]);
    const names = new Map(staff.map((s) => [s.id, s.username]));
    const t = l(lang);
    return list.map((hold) => {
      const id = hold.target.id;
      const target =
        hold.target.kind === 'customer'
          ? `${t(rt.customer)} ${pseudonyms.get(id) ?? ''}`
          : `${t(rt.order)} ${references.get(id) ?? id}`;
      const by = hold.placedBy;
      const placedBy =
        by === 'cli' ? t(rt.commandLine) : by === 'api' ? t(rt.staffApi) : (names.get(by) ?? by);
      // The earliest told date among the erasures waiting on it: the one that matters first.
      const waiting =
        hold.erasuresWaiting
          .map((r) => told.get(r))
          .filter((x) => x !== undefined)
          .sort((a, b) => a.until.localeCompare(b.until))[0] ?? null;
      return { hold, target, placedBy, waiting };
    });
  };

  const render = async (
    c: Context<StaffEnv>,
    notice?: { ok: boolean; message: string },
    status: ContentfulStatusCode = 200,
    revealed?: { hold: string; reason: string },
  ) => {
    const lang = c.get('lang');
    const t = l(lang);
    const [plan, runs, holdList] = await Promise.all([
      retention.plan(),
      retention.lastRuns(RUNS),
      holdRows(lang),
    ]);
    const canHold = holdsPermission(signedInStaff(c).roles, 'retention.hold');
    c.header('cache-control', 'no-store');
    return c.html(
      <ConsolePage lang={lang} title={t(rt.title)} path={c.req.path} staff={c.get('staff')}>
        {notice ? (
          <p role={notice.ok ? 'status' : 'alert'}>
            {notice.ok ? notice.message : `${t(rt.refused)} ${notice.message}`}
          </p>
        ) : null}
        <p>{t(rt.intro)}</p>
        <PlanTable lang={lang} plan={plan} manifest={services.policy.manifest} />
        <RunTables lang={lang} runs={runs} />
        <HoldTable lang={lang} rows={holdList} canHold={canHold} revealed={revealed} />
        {canHold ? <PlaceForm lang={lang} /> : null}
      </ConsolePage>,
      status,
    );
  };

  /** Runs a hold action; a refusal (4xx) is shown on the page, in the staff member's language. */
  const act = async (
    c: Context<StaffEnv>,
    what: keyof typeof done,
    action: (staffId: string) => Promise<unknown>,
  ) => {
    try {
      await action(signedInStaff(c).staffId);
    } catch (err) {
      const body = toErrorBody(localHoldError(err), c.get('lang'));
      if (!(err instanceof DomainError) || body.status >= 500) throw err;
      return render(c, { ok: false, message: body.message }, body.status as ContentfulStatusCode);
    }
    return c.redirect(`/staff/retention?done=${what}`, 303);
  };

  staffRoute(app, 'GET', '/staff/retention', (c) => {
    const key = c.req.query('done');
    const message = key && key in done ? done[key as keyof typeof done] : undefined;
    return render(c, message ? { ok: true, message: text(message, c.get('lang')) } : undefined);
  });

  staffRoute(app, 'POST', '/staff/retention/holds', async (c) => {
    const form = await readFormWithLists(c);
    return act(c, 'placed', async (staffId) =>
      retention.holds.place(await holdInput(services, form, staffId)),
    );
  });

  staffRoute(app, 'POST', '/staff/retention/holds/:id/extend', async (c) => {
    const form = await readFormWithLists(c);
    const id = c.req.param('id') ?? '';
    return act(c, 'extended', (staffId) =>
      retention.holds.extend(id, endOfLastDay(form.until), staffId),
    );
  });

  staffRoute(app, 'POST', '/staff/retention/holds/:id/release', async (c) => {
    const id = c.req.param('id') ?? '';
    return act(c, 'released', (staffId) => retention.holds.release(id, staffId));
  });

  staffRoute(app, 'POST', '/staff/retention/holds/:id/reason', async (c) => {
    const s = signedInStaff(c);
    const form = await readFormWithLists(c);
    try {
      services.staff.signIn.requireRecentReauth(s);
    } catch (err) {
      if (err instanceof ReauthRequiredError)
        return c.redirect(`/staff/reauth?next=${encodeURIComponent('/staff/retention')}`, 303);
      throw err;
    }
    const id = c.req.param('id') ?? '';
    let reason: string;
    try {
      reason = await retention.holds.revealReason(
        id,
        { kind: 'staff', id: s.staffId },
        typeof form.why === 'string' ? form.why : '',
      );
    } catch (err) {
      const body = toErrorBody(localHoldError(err), c.get('lang'));
      if (!(err instanceof DomainError) || body.status >= 500) throw err;
      return render(c, { ok: false, message: body.message }, body.status as ContentfulStatusCode);
    }
    return render(c, undefined, 200, { hold: id, reason });
  });

  return app;
}

function PlanTable(p: { lang: Lang; plan: RulePlan[]; manifest: Manifest }) {
  const t = l(p.lang);
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">{t(rt.plan)}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(rt.rule)}</th>
            <th scope="col">{t(rt.period)}</th>
            <th scope="col">{t(rt.action)}</th>
            <th scope="col">{t(rt.dueNow)}</th>
            <th scope="col">{t(rt.held)}</th>
            <th scope="col">{t(rt.nextDue)}</th>
          </tr>
        </thead>
        <tbody>
          {p.plan.map((r) => (
            <tr data-rule={r.rule}>
              <th scope="row">{p.manifest.retention[r.rule]?.label[p.lang] ?? r.rule}</th>
              <td>{r.period}</td>
              <td>{wordOf(rt.actions, r.action, p.lang)}</td>
              <td>{r.due}</td>
              <td>{r.held}</td>
              <td>{r.nextDue ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunTables(p: { lang: Lang; runs: RunRecord[] }) {
  const t = l(p.lang);
  return (
    <section aria-labelledby="runs">
      <h2 id="runs">{t(rt.runs)}</h2>
      {p.runs.length === 0 ? <p>{t(rt.noRuns)}</p> : null}
      {p.runs.map((run) => (
        <table data-run={run.id}>
          <caption>
            {`${t(rt.started)} ${utc(run.startedAt)} · ${t(rt.trigger)}: ${wordOf(rt.triggers, run.trigger, p.lang)} · ${t(rt.status)}: ${wordOf(rt.statuses, run.status, p.lang)}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t(rt.sweep)}</th>
              <th scope="col">{t(rt.rule)}</th>
              <th scope="col">{t(rt.ended)}</th>
              <th scope="col">{t(rt.held)}</th>
              <th scope="col">{t(rt.errors)}</th>
              <th scope="col">{t(rt.duration)}</th>
            </tr>
          </thead>
          <tbody>
            {run.sweeps.map((s) => (
              <tr data-sweep={s.sweep}>
                <th scope="row">{s.sweep}</th>
                <td>{s.rule}</td>
                <td>{s.processed}</td>
                <td>{s.held}</td>
                <td>{s.errors > 0 ? `${s.errors} (${s.error ?? ''})` : '0'}</td>
                <td>{s.durationMs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

function HoldTable(p: {
  lang: Lang;
  rows: HoldRow[];
  canHold: boolean;
  revealed: { hold: string; reason: string } | undefined;
}) {
  const t = l(p.lang);
  return (
    <section aria-labelledby="holds">
      <h2 id="holds">{t(rt.holds)}</h2>
      <p>{t(rt.sealed)}</p>
      {p.rows.length === 0 ? (
        <p>{t(rt.noHolds)}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(rt.target)}</th>
              <th scope="col">{t(rt.lastDay)}</th>
              <th scope="col">{t(rt.placedBy)}</th>
              <th scope="col">{t(rt.waiting)}</th>
              {p.canHold ? <th scope="col">{t(rt.manage)}</th> : null}
            </tr>
          </thead>
          <tbody>
            {p.rows.map(({ hold, target, placedBy, waiting }) => (
              <tr data-hold={hold.id}>
                <th scope="row">
                  {target}
                  {p.revealed?.hold === hold.id ? (
                    <p role="status" data-reason>
                      {`${t(rt.reasonShown)} ${p.revealed.reason}`}
                    </p>
                  ) : null}
                </th>
                <td>{lastDayOf(hold.until)}</td>
                <td>{`${placedBy}, ${utc(hold.placedAt)}`}</td>
                <td>
                  {hold.erasuresWaiting.length === 0
                    ? '—'
                    : waiting
                      ? fill(t(rt.toldOn), {
                          until: lastDayOf(new Date(waiting.until)),
                          at: waiting.at.toISOString().slice(0, 10),
                        })
                      : t(rt.notTold)}
                </td>
                {p.canHold ? (
                  <td>
                    <form method="post" action={`/staff/retention/holds/${hold.id}/extend`}>
                      <label for={`u-${hold.id}`}>{t(rt.newLastDay)}</label>
                      <input id={`u-${hold.id}`} name="until" type="date" required />
                      <button type="submit">{t(rt.extend)}</button>
                    </form>
                    <form method="post" action={`/staff/retention/holds/${hold.id}/release`}>
                      <button type="submit">{t(rt.release)}</button>
                    </form>
                    <form method="post" action={`/staff/retention/holds/${hold.id}/reason`}>
                      <label for={`w-${hold.id}`}>{t(rt.why)}</label>
                      <input
                        id={`w-${hold.id}`}
                        name="why"
                        minlength={5}
                        maxlength={500}
                        autocomplete="off"
                        required
                      />
                      <button type="submit">{t(rt.showReason)}</button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PlaceForm(p: { lang: Lang }) {
  const t = l(p.lang);
  return (
    <section aria-labelledby="place">
      <h2 id="place">{t(rt.place)}</h2>
      <p>{t(rt.placeHelp)}</p>
      <form method="post" action="/staff/retention/holds">
        <fieldset>
          <legend>{t(rt.kind)}</legend>
          <div>
            <input type="radio" id="h-kind-customer" name="kind" value="customer" required />
            <label for="h-kind-customer">{t(rt.customer)}</label>
          </div>
          <div>
            <input type="radio" id="h-kind-order" name="kind" value="order" />
            <label for="h-kind-order">{t(rt.order)}</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="h-customer">{t(rt.pseudonym)}</label>
          <input id="h-customer" name="customer" autocomplete="off" />
        </div>
        <div class="field">
          <label for="h-order">{t(rt.orderNumber)}</label>
          <input id="h-order" name="order" autocomplete="off" />
        </div>
        <div class="field">
          <label for="h-reason">{t(rt.reason)}</label>
          <textarea id="h-reason" name="reason" rows={3} minlength={3} maxlength={2000} required />
        </div>
        <div class="field">
          <label for="h-until">{t(rt.until)}</label>
          <input id="h-until" name="until" type="date" required />
        </div>
        <button type="submit">{t(rt.save)}</button>
      </form>
    </section>
  );
}
