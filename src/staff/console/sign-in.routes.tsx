/**
 * Staff sign-in pages: password, then the second factor (enrolment by QR code the first time,
 * with the recovery codes shown once), re-authentication before a reveal, sign-out (here and on
 * every device). Plain forms: no script, so the CSP stays strict.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../../kit/config.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { readForm } from '../../kit/web/request-body.ts';
import { clientAddress } from '../../kit/web/rate-limit.ts';
import { DomainError } from '../../kit/errors.ts';
import type { StaffServices } from '../staff.service.ts';
import { ConsolePage } from './console-page.tsx';
import { consoleText as ct } from './console.messages.ts';
import {
  clearStaffCookie,
  setStaffCookie,
  signedInStaff,
  staffCookie,
  staffRoute,
  type StaffEnv,
} from './staff-guard.ts';

interface Services {
  config: Config;
  staff: StaffServices;
}

const tx = (lang: Lang) => (k: keyof typeof ct) => text(ct[k] as Record<Lang, string>, lang);

function Problem({ message }: { message: string | undefined }) {
  return message ? (
    <p role="alert" class="form-error">
      {message}
    </p>
  ) : null;
}

function CodeField({ label }: { label: string }) {
  return (
    <p>
      <label for="code">{label}</label>
      <input id="code" name="code" autocomplete="one-time-code" inputmode="text" required />
    </p>
  );
}

export function staffSignInRoutes(services: Services) {
  const { signIn } = services.staff;
  const app = new Hono<StaffEnv>();

  const passwordPage = (c: Context<StaffEnv>, error?: string, status: 200 | 401 | 429 = 200) => {
    const t = tx(c.get('lang'));
    return c.html(
      <ConsolePage lang={c.get('lang')} title={t('signIn')} path="/staff/sign-in">
        <Problem message={error} />
        <form method="post" action="/staff/sign-in">
          <p>
            <label for="username">{t('username')}</label>
            <input id="username" name="username" type="text" autocomplete="username" required />
          </p>
          <p>
            <label for="password">{t('password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </p>
          <button type="submit">{t('continue')}</button>
        </form>
      </ConsolePage>,
      status,
    );
  };

  staffRoute(app, 'GET', '/staff/sign-in', (c) =>
    c.get('staff')?.mfa ? c.redirect('/staff', 303) : passwordPage(c),
  );
  staffRoute(app, 'POST', '/staff/sign-in', async (c) => {
    const f = await readForm(c);
    try {
      const secret = await signIn.password(f.username, f.password, clientAddress(c));
      setStaffCookie(c, secret);
      const s = await signIn.resolve(secret);
      return c.redirect(s?.enrolled ? '/staff/sign-in/code' : '/staff/sign-in/enrol', 303);
    } catch (err) {
      if (err instanceof DomainError && ['unauthenticated', 'rate_limited'].includes(err.code))
        return passwordPage(c, err.message, err.code === 'rate_limited' ? 429 : 401);
      throw err;
    }
  });

  const codePage = (c: Context<StaffEnv>, error?: string) => {
    const t = tx(c.get('lang'));
    return c.html(
      <ConsolePage lang={c.get('lang')} title={t('codeTitle')} path="/staff/sign-in/code">
        <Problem message={error} />
        <form method="post" action="/staff/sign-in/code">
          <CodeField label={t('code')} />
          <button type="submit">{t('continue')}</button>
        </form>
      </ConsolePage>,
      error ? 401 : 200,
    );
  };
  staffRoute(app, 'GET', '/staff/sign-in/code', (c) =>
    signedInStaff(c).enrolled ? codePage(c) : c.redirect('/staff/sign-in/enrol', 303),
  );
  staffRoute(app, 'POST', '/staff/sign-in/code', async (c) => {
    const f = await readForm(c);
    try {
      const secret = await signIn.secondFactor(signedInStaff(c), f.code, clientAddress(c));
      setStaffCookie(c, secret);
      return c.redirect('/staff', 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthenticated')
        return codePage(c, err.message);
      throw err;
    }
  });

  const enrolPage = async (c: Context<StaffEnv>, error?: string) => {
    const t = tx(c.get('lang'));
    const e = await signIn.beginEnrolment(signedInStaff(c));
    return c.html(
      <ConsolePage lang={c.get('lang')} title={t('enrolTitle')} path="/staff/sign-in/enrol">
        <Problem message={error} />
        <p>{t('enrolHelp')}</p>
        <img src={e.qr} alt={t('qrAlt')} width="200" height="200" />
        <p>
          {t('key')}: <code data-totp-key="">{e.secret}</code>
        </p>
        <form method="post" action="/staff/sign-in/enrol">
          <CodeField label={t('code')} />
          <button type="submit">{t('continue')}</button>
        </form>
      </ConsolePage>,
      error ? 401 : 200,
    );
  };
  staffRoute(app, 'GET', '/staff/sign-in/enrol', (c) =>
    signedInStaff(c).enrolled ? c.redirect('/staff/sign-in/code', 303) : enrolPage(c),
  );
  staffRoute(app, 'POST', '/staff/sign-in/enrol', async (c) => {
    const f = await readForm(c);
    const t = tx(c.get('lang'));
    try {
      const { secret, recoveryCodes } = await signIn.confirmEnrolment(
        signedInStaff(c),
        f.code,
        clientAddress(c),
      );
      setStaffCookie(c, secret);
      c.header('cache-control', 'no-store');
      return c.html(
        <ConsolePage lang={c.get('lang')} title={t('recoveryTitle')} path="/staff/sign-in/enrol">
          <p>{t('recoveryHelp')}</p>
          <ul class="recovery-codes">
            {recoveryCodes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p>
            <a href="/staff">{t('toConsole')}</a>
          </p>
        </ConsolePage>,
      );
    } catch (err) {
      // A wrong first code: the page starts over with a new key (the old one was never used).
      if (err instanceof DomainError && err.code === 'unauthenticated')
        return enrolPage(c, err.message);
      throw err;
    }
  });

  staffRoute(app, 'POST', '/staff/sign-out', async (c) => {
    await signIn.signOut(getCookie(c, staffCookie));
    clearStaffCookie(c);
    return c.redirect('/staff/sign-in', 303);
  });
  staffRoute(app, 'POST', '/staff/sign-out-everywhere', async (c) => {
    const s = signedInStaff(c);
    await signIn.signOutEverywhere(s.staffId, { kind: 'staff', id: s.staffId });
    clearStaffCookie(c);
    return c.redirect('/staff/sign-in', 303);
  });

  const reauthPage = (c: Context<StaffEnv>, next: string, error?: string) => {
    const t = tx(c.get('lang'));
    return c.html(
      <ConsolePage
        lang={c.get('lang')}
        title={t('reauthTitle')}
        path="/staff/reauth"
        staff={c.get('staff')}
      >
        <Problem message={error} />
        <p>{t('reauthHelp')}</p>
        <form method="post" action="/staff/reauth">
          <input type="hidden" name="next" value={next} />
          <p>
            <label for="password">{t('password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </p>
          <CodeField label={t('code')} />
          <button type="submit">{t('continue')}</button>
        </form>
      </ConsolePage>,
      error ? 401 : 200,
    );
  };
  /** Only a path inside the console: never an open redirect. */
  const safeNext = (v: string | undefined) =>
    v && /^\/staff(\/[A-Za-z0-9_\-/.]*)?$/.test(v) ? v : '/staff';
  staffRoute(app, 'GET', '/staff/reauth', (c) => reauthPage(c, safeNext(c.req.query('next'))));
  staffRoute(app, 'POST', '/staff/reauth', async (c) => {
    const f = await readForm(c);
    const next = safeNext(f.next);
    try {
      await signIn.reauthenticate(signedInStaff(c), f.password, f.code, clientAddress(c));
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthenticated')
        return reauthPage(c, next, err.message);
      throw err;
    }
  });
  return app;
}
