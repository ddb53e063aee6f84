/**
 * A staff member's own account: changing the password (after the current one and a fresh code;
 * the other sessions end; audited, see StaffSignInService.changePassword). Signing out on every
 * device is the dashboard's button (sign-in.routes.tsx).
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../../kit/errors.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { clientAddress } from '../../kit/web/rate-limit.ts';
import { readForm } from '../../kit/web/request-body.ts';
import type { StaffServices } from '../staff.service.ts';
import { accountText as at } from './account.messages.ts';
import { ConsolePage } from './console-page.tsx';
import { consoleText as ct } from './console.messages.ts';
import { signedInStaff, staffRoute, type StaffEnv } from './staff-guard.ts';

interface Services {
  staff: StaffServices;
}

const say = (lang: Lang) => (k: keyof typeof at) => text(at[k], lang);

export function accountRoutes(services: Services) {
  const app = new Hono<StaffEnv>();
  const page = (c: Context<StaffEnv>, notice?: { ok: boolean; text: string }, status = 200) => {
    const lang = c.get('lang');
    const t = say(lang);
    return c.html(
      <ConsolePage
        lang={lang}
        title={t('title')}
        path="/staff/account/password"
        staff={c.get('staff')}
      >
        {notice ? (
          <p role={notice.ok ? 'status' : 'alert'} class={notice.ok ? undefined : 'form-error'}>
            {notice.text}
          </p>
        ) : null}
        <p>{t('help')}</p>
        <form method="post" action="/staff/account/password">
          <p>
            <label for="current">{t('current')}</label>
            <input
              id="current"
              name="current"
              type="password"
              autocomplete="current-password"
              required
            />
          </p>
          <p>
            <label for="code">{text(ct.code, lang)}</label>
            <input id="code" name="code" type="text" autocomplete="one-time-code" required />
          </p>
          <p>
            <label for="next">{t('next')}</label>
            <input
              id="next"
              name="next"
              type="password"
              autocomplete="new-password"
              required
              minlength={8}
              maxlength={256}
            />
          </p>
          <button type="submit">{t('save')}</button>
        </form>
      </ConsolePage>,
      status as 200,
    );
  };

  staffRoute(app, 'GET', '/staff/account/password', (c) => page(c));
  staffRoute(app, 'POST', '/staff/account/password', async (c) => {
    const t = say(c.get('lang'));
    const f = await readForm(c);
    try {
      const { sessionsEnded } = await services.staff.signIn.changePassword(
        signedInStaff(c),
        { current: f.current, code: f.code, next: f.next },
        clientAddress(c),
      );
      return page(c, { ok: true, text: `${t('changed')} ${sessionsEnded}` });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthenticated')
        return page(c, { ok: false, text: t('wrong') }, 401);
      if (err instanceof DomainError && err.code === 'validation_failed')
        return page(c, { ok: false, text: t('rules') }, 400);
      throw err;
    }
  });
  return app;
}
