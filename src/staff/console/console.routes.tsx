/**
 * The staff console: dashboard, customers, requests, the audit log and staff management. Every
 * route is mounted with `staffRoute()`, behind the permission the one table declares for it;
 * every customer read goes through the access layer (services.staff.access), and every action
 * is audited. Server-rendered forms only, no script; the app's CSRF check (Origin) guards posts.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuditActor } from '../../core/audit-trail.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Config } from '../../kit/config.ts';
import { DomainError, NotFoundError } from '../../kit/errors.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { readFormWithLists } from '../../kit/web/request-body.ts';
import type { PolicyService } from '../../policy/policy.service.ts';
import type { RightsServices } from '../../rights/create-rights.ts';
import type { RecordInside } from '../../rights/engine/rights.service.ts';
import type { CustomerSection } from '../access/customer-access.service.ts';
import { holds } from '../access/permissions.ts';
import { ReauthRequiredError } from '../staff-sign-in.service.ts';
import { knownRoles } from '../staff-roles.ts';
import type { StaffServices } from '../staff.service.ts';
import { ConsolePage } from './console-page.tsx';
import { DashboardPanels, type DashboardServices } from './dashboard.tsx';
import { consoleText as ct } from './console.messages.ts';
import { signedInStaff, staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services extends DashboardServices {
  config: Config;
  staff: StaffServices;
  rights: RightsServices;
  audit: AuditService;
  policy: PolicyService;
}

const tx = (lang: Lang) => (k: keyof typeof ct) => text(ct[k] as Record<Lang, string>, lang);
const actorOf = (c: Context<StaffEnv>): AuditActor => ({
  kind: 'staff',
  id: signedInStaff(c).staffId,
});
const uuid = z.uuid();

/** A category's heading id: its dots made dashes, so it is a plain id any CSS selector takes. */
const headingId = (category: string) => `c-${category.replaceAll('.', '-')}`;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function requestId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!uuid.safeParse(id).success) throw new NotFoundError('The request');
  return id;
}

export function consoleRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const requests = services.rights.requests;
  const page = (c: Context<StaffEnv>, title: string, body: unknown, status: 200 | 201 = 200) => {
    c.header('cache-control', 'no-store');
    return c.html(
      <ConsolePage lang={c.get('lang')} title={title} path={c.req.path} staff={c.get('staff')}>
        {body as never}
      </ConsolePage>,
      status,
    );
  };

  staffRoute(app, 'GET', '/staff', async (c) => {
    const t = tx(c.get('lang'));
    const s = signedInStaff(c);
    const open = holds(s.roles, 'request.read') ? await requests.listOpen() : [];
    const lang = c.get('lang');
    const panels = await DashboardPanels({
      services,
      roles: s.roles,
      lang,
      open,
      today: new Date().toISOString().slice(0, 10),
    });
    return page(
      c,
      t('dashboard'),
      <>
        {holds(s.roles, 'request.read') ? (
          <section aria-labelledby="open-requests">
            <h2 id="open-requests">{t('openRequests')}</h2>
            <RequestTable lang={lang} rows={open} />
          </section>
        ) : null}
        {panels}
        <form method="post" action="/staff/sign-out-everywhere">
          <button type="submit">{t('signOutEverywhere')}</button>
        </form>
      </>,
    );
  });

  // Customers: find, view through need-to-know, reveal with a reason after re-authentication.
  staffRoute(app, 'GET', '/staff/customers', async (c) => {
    const t = tx(c.get('lang'));
    const q = c.req.query('q');
    if (q) {
      try {
        const pseudonym = await services.staff.access.find(
          { actor: actorOf(c), roles: signedInStaff(c).roles },
          q,
        );
        return c.redirect(`/staff/customers/${pseudonym}`, 303);
      } catch (err) {
        if (!(err instanceof DomainError) || !['not_found', 'validation_failed'].includes(err.code))
          throw err;
      }
    }
    return page(
      c,
      t('customers'),
      <>
        {q ? <p role="status">{t('notFound')}</p> : null}
        {/* GET keeps the search bookmarkable, but the query (an email) must not reach the log:
            the request log records the path only. */}
        <form method="get" action="/staff/customers" role="search">
          <label for="q">{t('find')}</label>
          <input id="q" name="q" type="search" autocomplete="off" required />
          <button type="submit">{t('search')}</button>
        </form>
      </>,
    );
  });

  const customerPage = async (c: Context<StaffEnv>, revealed?: CustomerSection) => {
    const t = tx(c.get('lang'));
    const pseudonym = c.req.param('pseudonym') ?? '';
    const s = signedInStaff(c);
    const view = await services.staff.access.view({ actor: actorOf(c), roles: s.roles }, pseudonym);
    const categories = services.policy.manifest.categories;
    return page(
      c,
      `${t('customer')} ${pseudonym}`,
      <>
        {view.restricted ? (
          <p class="flag" role="note">
            {t('restricted')}
          </p>
        ) : null}
        {revealed ? <p role="status">{t('revealed')}</p> : null}
        {view.sections.map((sec) => {
          const shown = revealed?.category === sec.category ? revealed : sec;
          const label = categories[sec.category]?.label;
          return (
            <section aria-labelledby={headingId(sec.category)} data-category={sec.category}>
              <h2 id={headingId(sec.category)}>
                {label ? text(label, c.get('lang')) : sec.category}
                {shown.visibility === 'clear' ? '' : ` (${t('masked')})`}
              </h2>
              <dl>
                {shown.rows.flatMap((row) =>
                  Object.entries(row).map(([k, v]) => (
                    <>
                      <dt>{k}</dt>
                      <dd>{v}</dd>
                    </>
                  )),
                )}
              </dl>
              {shown.visibility === 'revealable' && holds(s.roles, 'customer.reveal') ? (
                <form method="post" action={`/staff/customers/${pseudonym}/reveal`}>
                  <input type="hidden" name="category" value={sec.category} />
                  <label for={`r-${sec.category}`}>{t('revealReason')}</label>
                  <input
                    id={`r-${sec.category}`}
                    name="reason"
                    required
                    minlength={5}
                    maxlength={500}
                  />
                  <button type="submit">{t('reveal')}</button>
                </form>
              ) : null}
            </section>
          );
        })}
      </>,
    );
  };
  staffRoute(app, 'GET', '/staff/customers/:pseudonym', (c) => customerPage(c));
  staffRoute(app, 'POST', '/staff/customers/:pseudonym/reveal', async (c) => {
    const s = signedInStaff(c);
    const f = await readFormWithLists(c);
    const pseudonym = c.req.param('pseudonym') ?? '';
    try {
      services.staff.signIn.requireRecentReauth(s);
    } catch (err) {
      if (err instanceof ReauthRequiredError)
        return c.redirect(
          `/staff/reauth?next=${encodeURIComponent(`/staff/customers/${pseudonym}`)}`,
          303,
        );
      throw err;
    }
    const revealed = await services.staff.access.reveal(
      { actor: actorOf(c), roles: s.roles },
      pseudonym,
      one(f.category),
      one(f.reason),
    );
    return customerPage(c, revealed);
  });

  // Requests: the queue, one request, and staff decisions on it (the rights service's rules).
  staffRoute(app, 'GET', '/staff/requests', async (c) => {
    const t = tx(c.get('lang'));
    return page(
      c,
      t('requests'),
      <RequestTable lang={c.get('lang')} rows={await requests.listOpen()} />,
    );
  });
  staffRoute(app, 'GET', '/staff/requests/:id', async (c) => {
    const t = tx(c.get('lang'));
    const r = await requests.get(requestId(c));
    const lang = c.get('lang');
    const action = (name: 'verify' | 'fulfil' | 'extend' | 'refuse', withReasons: boolean) => (
      <form method="post" action={`/staff/requests/${r.id}/${name}`}>
        {withReasons ? (
          <>
            <label for={`${name}-reasons`}>{t('reasons')}</label>
            <textarea id={`${name}-reasons`} name="reasons" required maxlength={4000} />
          </>
        ) : null}
        <button type="submit">{t(name)}</button>
      </form>
    );
    return page(
      c,
      `${text(ct.requestTypes[r.type], lang)}`,
      <>
        <dl>
          <dt>{t('status')}</dt>
          <dd data-status={r.status}>{r.status}</dd>
          <dt>{t('due')}</dt>
          <dd>{r.dueAt.slice(0, 10)}</dd>
          {r.heldUntil ? (
            <>
              <dt>{t('heldUntil')}</dt>
              <dd data-held-until={r.heldUntil}>{r.heldUntil.slice(0, 10)}</dd>
            </>
          ) : null}
        </dl>
        {r.status === 'received' ? action('verify', false) : null}
        {['verified', 'running'].includes(r.status) ? action('fulfil', false) : null}
        {!['done', 'refused', 'partial'].includes(r.status) && !r.extension
          ? action('extend', true)
          : null}
        {!['done', 'refused', 'partial'].includes(r.status) ? action('refuse', true) : null}
      </>,
    );
  });
  const act = (
    name: 'verify' | 'fulfil' | 'extend' | 'refuse',
    run: (id: string, reasons: string, record: RecordInside) => Promise<unknown>,
  ) =>
    staffRoute(app, 'POST', `/staff/requests/:id/${name}`, async (c) => {
      const id = requestId(c);
      const reasons = one((await readFormWithLists(c)).reasons).trim();
      if ((name === 'extend' || name === 'refuse') && !reasons)
        throw new DomainError('validation_failed', 'Reasons are required.', {
          reasons: 'Required.',
        });
      if (reasons.length > 4000)
        throw new DomainError('validation_failed', 'Reasons are at most 4000 characters.', {
          reasons: 'Too long.',
        });
      // Recorded inside the action's transaction: no entry for a change that rolled back.
      await run(id, reasons, (trx) =>
        services.audit.record(
          {
            actor: actorOf(c),
            action: `request.${name}`,
            outcome: 'ok',
            ...(reasons ? { reason: reasons } : {}),
            detail: { requestId: id },
          },
          trx,
        ),
      );
      return c.redirect(`/staff/requests/${id}`, 303);
    });
  act('verify', (id, _reasons, record) => requests.verify(id, undefined, record));
  act('fulfil', (id, _reasons, record) => requests.fulfil(id, record));
  act('extend', (id, reasons, record) => requests.extend(id, reasons, record));
  act('refuse', (id, reasons, record) => requests.refuse(id, reasons, record));

  // The audit log: newest first, filtered by staff member, pseudonym and action; chain status.
  staffRoute(app, 'GET', '/staff/audit', async (c) => {
    const t = tx(c.get('lang'));
    const q = (k: string) => {
      const v = c.req.query(k)?.trim();
      return v && /^[A-Za-z0-9_.:-]{1,128}$/.test(v) ? v : undefined;
    };
    const filter = { staffId: q('staff'), subject: q('subject'), action: q('action') };
    const entries = await services.audit.list({ ...filter, limit: 200 });
    // Only what is new since the latest checkpoint (or the last view): the full chain is
    // `custodian audit verify`'s, which the page names.
    const chain = await services.audit.verifyRecent();
    return page(
      c,
      t('audit'),
      <>
        <p
          role="status"
          class={chain.fault ? 'flag' : undefined}
          data-chain={chain.fault ? 'broken' : 'ok'}
          data-chain-from={chain.from}
        >
          {chain.fault
            ? `${t('chainBad')} ${chain.fault.position} (${chain.fault.kind}).`
            : `${t('chainOk')} ${chain.from} → ${chain.head.position}: ${chain.entries} ${t('entries')}.`}{' '}
          {t('chainFull')} <code>custodian audit verify</code>
        </p>
        {chain.cut && (
          <p data-chain-cut={chain.cut.position}>
            {t('chainCut')
              .replace('{n}', String(chain.cut.position + 1))
              .replace('{date}', chain.cut.at.slice(0, 10))
              .replace('{rule}', chain.cut.rule)}
          </p>
        )}
        <form method="get" action="/staff/audit">
          <label for="f-staff">{t('staffMember')}</label>
          <input id="f-staff" name="staff" type="text" value={filter.staffId ?? ''} />
          <label for="f-subject">{t('pseudonym')}</label>
          <input id="f-subject" name="subject" type="text" value={filter.subject ?? ''} />
          <label for="f-action">{t('action')}</label>
          <input id="f-action" name="action" type="text" value={filter.action ?? ''} />
          <button type="submit">{t('auditFilter')}</button>
        </form>
        <table class="audit-log">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('pseudonym')}</th>
              <th scope="col">{t('categories')}</th>
              <th scope="col">{t('access')}</th>
              <th scope="col">{t('outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr data-action={e.action}>
                <td>{e.position}</td>
                <td>{e.at}</td>
                <td>{`${e.actorKind}:${e.actorId}`}</td>
                <td>{e.action}</td>
                <td>{e.subject ?? ''}</td>
                <td>{e.categories.join(', ')}</td>
                <td>{e.access ?? ''}</td>
                <td>{e.outcome ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });

  // Personal API tokens: one's own, made and revoked here, shown once.
  const tokensPage = async (c: Context<StaffEnv>, made?: string) => {
    const t = tx(c.get('lang'));
    const s = signedInStaff(c);
    const tokens = await services.staff.tokens.list(s.staffId);
    return page(
      c,
      t('tokens'),
      <>
        {made ? (
          <p role="status">
            {t('tokenShownOnce')}: <code data-new-token="">{made}</code>
          </p>
        ) : null}
        <ul class="tokens">
          {tokens.map((k) => (
            <li data-token={k.id}>
              <strong>{k.label}</strong> {k.createdAt.toISOString().slice(0, 10)}
              {k.revokedAt ? (
                ` (${t('revoked')})`
              ) : (
                <form method="post" action={`/staff/tokens/${k.id}/revoke`}>
                  <button type="submit">{t('revoke')}</button>
                </form>
              )}
            </li>
          ))}
        </ul>
        <form method="post" action="/staff/tokens">
          <label for="token-label">{t('tokenLabel')}</label>
          <input id="token-label" name="label" type="text" required maxlength={60} />
          <button type="submit">{t('add')}</button>
        </form>
      </>,
      made ? 201 : 200,
    );
  };
  staffRoute(app, 'GET', '/staff/tokens', (c) => tokensPage(c));
  staffRoute(app, 'POST', '/staff/tokens', async (c) => {
    const { token } = await services.staff.tokens.create(
      signedInStaff(c).staffId,
      one((await readFormWithLists(c)).label),
    );
    return tokensPage(c, token);
  });
  staffRoute(app, 'POST', '/staff/tokens/:id/revoke', async (c) => {
    const s = signedInStaff(c);
    await services.staff.tokens.revoke(s.staffId, c.req.param('id') ?? '', actorOf(c));
    return c.redirect('/staff/tokens', 303);
  });

  // Staff management for owners: add, roles, disable, reset the second factor (all audited).
  const teamPage = async (c: Context<StaffEnv>, added?: { username: string; password: string }) => {
    const t = tx(c.get('lang'));
    const members = await services.staff.accounts.list();
    const roles = knownRoles(services.policy.manifest);
    const RoleBoxes = ({ id, checked }: { id: string; checked: readonly string[] }) => (
      <fieldset>
        <legend>{t('roles')}</legend>
        {roles.map((r) => (
          <label>
            <input
              type="checkbox"
              name="roles"
              value={r}
              checked={checked.includes(r)}
              id={`${id}-${r}`}
            />
            {` ${r}`}
          </label>
        ))}
      </fieldset>
    );
    return page(
      c,
      t('team'),
      <>
        {added ? (
          <p role="status">
            {t('initialPassword')}: <strong>{added.username}</strong> /{' '}
            <code data-initial-password="">{added.password}</code>
          </p>
        ) : null}
        <ul class="team">
          {members.map((m) => (
            <li data-username={m.username}>
              <strong>{m.username}</strong> {m.roles.join(', ')}
              {m.disabledAt ? ` (${t('disabled')})` : m.mfaEnrolled ? '' : ` (${t('mfaPending')})`}
              {m.disabledAt ? null : (
                <>
                  <form method="post" action={`/staff/team/${m.id}/roles`}>
                    <RoleBoxes id={`member-${m.id}`} checked={m.roles} />
                    <button type="submit">{t('saveRoles')}</button>
                  </form>
                  <form method="post" action={`/staff/team/${m.id}/reset-mfa`}>
                    <button type="submit">{t('resetMfa')}</button>
                  </form>
                  <form method="post" action={`/staff/team/${m.id}/disable`}>
                    <button type="submit">{t('disable')}</button>
                  </form>
                </>
              )}
            </li>
          ))}
        </ul>
        <h2>{t('addStaff')}</h2>
        <form method="post" action="/staff/team">
          <label for="new-username">{t('username')}</label>
          <input id="new-username" name="username" type="text" required autocomplete="off" />
          <RoleBoxes id="new" checked={[]} />
          <button type="submit">{t('add')}</button>
        </form>
      </>,
      added ? 201 : 200,
    );
  };
  staffRoute(app, 'GET', '/staff/team', (c) => teamPage(c));
  staffRoute(app, 'POST', '/staff/team', async (c) => {
    const f = await readFormWithLists(c);
    const password = randomBytes(15).toString('base64url');
    const m = await services.staff.accounts.add(
      { username: one(f.username), password, roles: many(f.roles) },
      actorOf(c),
    );
    return teamPage(c, { username: m.username, password });
  });
  const member = (c: Context) => c.req.param('id') ?? '';
  staffRoute(app, 'POST', '/staff/team/:id/roles', async (c) => {
    await services.staff.accounts.setRoles(
      member(c),
      many((await readFormWithLists(c)).roles),
      actorOf(c),
    );
    return c.redirect('/staff/team', 303);
  });
  staffRoute(app, 'POST', '/staff/team/:id/disable', async (c) => {
    await services.staff.accounts.disable(member(c), actorOf(c));
    return c.redirect('/staff/team', 303);
  });
  staffRoute(app, 'POST', '/staff/team/:id/reset-mfa', async (c) => {
    await services.staff.accounts.resetMfa(member(c), actorOf(c));
    return c.redirect('/staff/team', 303);
  });
  return app;
}

function RequestTable(p: {
  lang: Lang;
  rows: {
    id: string;
    type: keyof typeof ct.requestTypes;
    status: string;
    dueAt: string;
    daysLeft: number | null;
    confirmBy: string | null;
    restricted: boolean;
    heldUntil?: string | null;
  }[];
}) {
  const t = tx(p.lang);
  if (p.rows.length === 0) return <p>{t('none')}</p>;
  return (
    <table class="requests">
      <thead>
        <tr>
          <th scope="col">{t('type')}</th>
          <th scope="col">{t('status')}</th>
          <th scope="col">{t('due')}</th>
          <th scope="col">{t('open')}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr
            class={r.daysLeft !== null && r.daysLeft < 0 ? 'overdue' : undefined}
            data-request={r.id}
          >
            <td>
              {text(ct.requestTypes[r.type], p.lang)}
              {r.restricted ? ` · ${t('restricted')}` : ''}
            </td>
            <td>{r.status}</td>
            <td>
              {r.heldUntil ? (
                // Fulfilled in part (Art. 17(3)(e)): the rest is erased when the hold ends.
                <span data-held-until={r.heldUntil}>
                  {t('heldUntil')} {r.heldUntil.slice(0, 10)}
                </span>
              ) : r.confirmBy !== null ? (
                // Unconfirmed: its month has not started; it expires unless confirmed.
                `${t('unconfirmed')} ${r.confirmBy.slice(0, 10)}`
              ) : (
                <>
                  {r.dueAt.slice(0, 10)}
                  {r.daysLeft !== null && r.daysLeft < 0 ? (
                    <strong class="overdue"> {t('overdue')}</strong>
                  ) : null}
                </>
              )}
            </td>
            <td>
              <a href={`/staff/requests/${r.id}`}>{t('open')}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
