/**
 * /account/*: register, sign in and out, verify the email address, reset the password, see and
 * edit one's own data, change the email address. Forms get pages (re-rendered with the problems
 * next to the fields, 4xx); JSON clients get JSON, and errors in the shape every error has.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InvalidCredentialsError, RateLimitedError } from '../kit/errors.ts';
import type { CustomerServices } from './customers.service.ts';
import type { PolicyService } from '../policy/policy.service.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { clientAddress } from '../kit/web/rate-limit.ts';
import { AccountInputError, type Problems } from './account-input.ts';
import { fill, problemText } from './account-form.tsx';
import {
  MessagePage,
  ProfilePage,
  RegisterPage,
  ResetPasswordPage,
  ResetRequestPage,
  SignInPage,
} from './account-pages.tsx';
import { readAccountRequest, safeNext } from './account-request.ts';
import { m } from './account.messages.ts';
import {
  clearSessionCookie,
  requireCustomer,
  sessionCookie,
  setSessionCookie,
} from './sign-in/customer-session.ts';
import { getCookie } from 'hono/cookie';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  customers: CustomerServices;
  policy: PolicyService;
}

type C = Context<AppEnv>;

function page(c: C, body: ReturnType<typeof MessagePage>, status: ContentfulStatusCode = 200) {
  c.header('cache-control', 'no-store');
  return c.html(body, status);
}

/** Runs a form action; input problems re-render the form, throttling shows its message. */
type Rerender = (
  problems: Problems,
  error: string | undefined,
  status: ContentfulStatusCode,
) => Response | Promise<Response>;

async function onForm<T>(
  c: C,
  action: () => Promise<T>,
  rerender: Rerender,
): Promise<{ ok: T } | { response: Response }> {
  const lang = c.get('lang');
  try {
    return { ok: await action() };
  } catch (err) {
    if (err instanceof AccountInputError) {
      return { response: await rerender(err.problems, undefined, 400) };
    }
    if (err instanceof RateLimitedError) {
      c.header('Retry-After', String(err.retryAfterSeconds));
      const message = fill(text(m.tooMany, lang), { s: err.retryAfterSeconds });
      return { response: await rerender({}, message, 429) };
    }
    if (err instanceof InvalidCredentialsError) {
      return { response: await rerender({}, text(m.badCredentials, lang), 401) };
    }
    throw err;
  }
}

/** The sign-in providers a `?received=` may name (anything else shows nothing). */
const providerNames: Record<string, string | undefined> = {
  google: 'Google',
  facebook: 'Facebook',
};
export function accountRoutes(services: Services) {
  const { accounts, signIn, sessions, oidc } = services.customers;
  const policyVersion = () => services.policy.currentVersion.version;
  const app = new Hono<AppEnv>();
  const base = (c: C) => ({ lang: c.get('lang'), path: c.req.path });

  app.get('/account/register', (c) =>
    page(
      c,
      <RegisterPage {...base(c)} values={{}} problems={{}} policyVersion={policyVersion()} />,
    ),
  );

  app.post('/account/register', async (c) => {
    const { form, data } = await readAccountRequest(c);
    const input = {
      ...data,
      acceptPolicy: data.acceptPolicy === 'on' || data.acceptPolicy === 'true',
    };
    const run = () => accounts.register(input, c.get('lang'), clientAddress(c));
    if (!form) {
      await run();
      return c.json({ status: 'pending_verification' }, 202);
    }
    const result = await onForm(c, run, (problems, error, status) =>
      error
        ? page(
            c,
            <MessagePage
              {...base(c)}
              title={text(m.registerTitle, c.get('lang'))}
              message={error}
            />,
            status,
          )
        : page(
            c,
            <RegisterPage
              {...base(c)}
              values={{ ...data, password: undefined }}
              problems={problems}
              policyVersion={policyVersion()}
            />,
            status,
          ),
    );
    if ('response' in result) return result.response;
    return c.redirect('/account/check-email', 303);
  });

  app.get('/account/check-email', (c) =>
    page(
      c,
      <MessagePage
        {...base(c)}
        title={text(m.checkEmailTitle, c.get('lang'))}
        message={text(m.checkEmail, c.get('lang'))}
        link={{ href: '/account/sign-in', label: text(m.signIn, c.get('lang')) }}
      />,
    ),
  );

  const signInPage = (
    c: C,
    values: Record<string, string | undefined>,
    error?: string,
    notice?: string,
  ) => (
    <SignInPage
      {...base(c)}
      values={values}
      error={error}
      notice={notice}
      next={values.next}
      providers={oidc.available()}
      policyVersion={policyVersion()}
    />
  );

  app.get('/account/sign-in', (c) => {
    const done = c.req.query('done');
    const notice = done === 'reset' ? text(m.resetDone, c.get('lang')) : undefined;
    return page(c, signInPage(c, { next: c.req.query('next') }, undefined, notice));
  });

  app.post('/account/sign-in', async (c) => {
    const { form, data } = await readAccountRequest(c);
    const run = async () => {
      const customerId = await signIn.withPassword(data.email, data.password, clientAddress(c));
      const { secret } = await sessions.start(customerId, getCookie(c, sessionCookie));
      setSessionCookie(c, secret);
    };
    if (!form) {
      await run();
      return c.json({ status: 'signed_in' });
    }
    const result = await onForm(c, run, (_p, error, status) =>
      page(c, signInPage(c, { email: data.email, next: data.next }, error), status),
    );
    if ('response' in result) return result.response;
    return c.redirect(safeNext(data.next), 303);
  });

  app.post('/account/sign-out', async (c) => {
    await sessions.end(getCookie(c, sessionCookie));
    clearSessionCookie(c);
    const type = c.req.header('content-type') ?? '';
    return type.includes('json') ? c.json({ status: 'signed_out' }) : c.redirect('/', 303);
  });

  app.get('/account/verify', async (c) => {
    const lang = c.get('lang');
    const result = await onForm(
      c,
      () => accounts.verifyEmail(c.req.query('token')),
      () => invalidLink(c),
    );
    if ('response' in result) return result.response;
    return page(
      c,
      <MessagePage
        {...base(c)}
        title={text(m.verifyTitle, lang)}
        message={text(m.verified, lang)}
        link={{ href: '/account', label: text(m.profileTitle, lang) }}
      />,
    );
  });

  app.post('/account/verify/resend', requireCustomer, async (c) => {
    await accounts.resendVerification(c.get('customer')!.id, c.get('lang'));
    return c.redirect('/account/check-email', 303);
  });

  app.get('/account/reset', (c) => {
    const token = c.req.query('token');
    c.header('referrer-policy', 'no-referrer');
    if (token) return page(c, <ResetPasswordPage {...base(c)} token={token} problems={{}} />);
    return page(c, <ResetRequestPage {...base(c)} values={{}} problems={{}} />);
  });

  app.post('/account/reset', async (c) => {
    const { form, data } = await readAccountRequest(c);
    const run = () => accounts.requestPasswordReset(data.email, c.get('lang'), clientAddress(c));
    if (!form) {
      await run();
      return c.json({ status: 'sent_if_registered' }, 202);
    }
    const result = await onForm(c, run, (problems, error, status) =>
      error
        ? page(
            c,
            <MessagePage {...base(c)} title={text(m.resetTitle, c.get('lang'))} message={error} />,
            status,
          )
        : page(
            c,
            <ResetRequestPage {...base(c)} values={{ email: data.email }} problems={problems} />,
            status,
          ),
    );
    if ('response' in result) return result.response;
    return c.redirect('/account/check-email', 303);
  });

  app.post('/account/reset/password', async (c) => {
    const { form, data } = await readAccountRequest(c);
    const run = () => accounts.resetPassword(data.token, data.password);
    if (!form) {
      await run();
      return c.json({ status: 'password_changed' });
    }
    const result = await onForm(c, run, (problems, _e, status) =>
      problems.token
        ? invalidLink(c)
        : page(
            c,
            <ResetPasswordPage {...base(c)} token={data.token ?? ''} problems={problems} />,
            status,
          ),
    );
    if ('response' in result) return result.response;
    return c.redirect('/account/sign-in?done=reset', 303);
  });

  app.get('/account/email/confirm', async (c) => {
    const lang = c.get('lang');
    const result = await onForm(
      c,
      () => accounts.confirmEmailChange(c.req.query('token'), lang),
      () => invalidLink(c),
    );
    if ('response' in result) return result.response;
    return page(
      c,
      <MessagePage
        {...base(c)}
        title={text(m.emailChangedTitle, lang)}
        message={text(m.emailChanged, lang)}
        link={{ href: '/account', label: text(m.profileTitle, lang) }}
      />,
    );
  });

  app.get('/account', requireCustomer, async (c) => {
    const profile = await accounts.profile(c.get('customer')!.id);
    if (!wantsPage(c)) return c.json(profileJson(profile));
    const received = providerNames[c.req.query('received') ?? ''];
    const notice = c.req.query('emailSent')
      ? text(m.checkEmail, c.get('lang'))
      : received
        ? fill(text(m.receivedFrom, c.get('lang')), { source: received })
        : undefined;
    return page(
      c,
      <ProfilePage
        {...base(c)}
        profile={profile}
        problems={{}}
        emailProblems={{}}
        saved={Boolean(c.req.query('saved'))}
        notice={notice}
      />,
    );
  });

  app.post('/account', requireCustomer, async (c) => {
    const { form, data } = await readAccountRequest(c);
    const id = c.get('customer')!.id;
    const run = () => accounts.updateProfile(id, data);
    if (!form) {
      await run();
      return c.json(profileJson(await accounts.profile(id)));
    }
    const result = await onForm(c, run, async (problems, _e, status) =>
      page(
        c,
        <ProfilePage
          {...base(c)}
          profile={await accounts.profile(id)}
          values={data}
          problems={problems}
          emailProblems={{}}
          saved={false}
        />,
        status,
      ),
    );
    if ('response' in result) return result.response;
    return c.redirect('/account?saved=1', 303);
  });

  app.post('/account/email', requireCustomer, async (c) => {
    const { form, data } = await readAccountRequest(c);
    const id = c.get('customer')!.id;
    const run = () => accounts.requestEmailChange(id, data.email, c.get('lang'));
    if (!form) {
      await run();
      return c.json({ status: 'pending_verification' }, 202);
    }
    try {
      await run();
    } catch (err) {
      if (!(err instanceof AccountInputError)) throw err;
      const profile = await accounts.profile(id);
      return page(
        c,
        <ProfilePage
          {...base(c)}
          profile={profile}
          problems={{}}
          emailProblems={err.problems}
          saved={false}
        />,
        400,
      );
    }
    return c.redirect('/account?emailSent=1', 303);
  });

  return app;
}

function wantsPage(c: C): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

function invalidLink(c: C) {
  const lang = c.get('lang');
  return page(
    c,
    <MessagePage
      lang={lang}
      path={c.req.path}
      title={text(m.linkInvalidTitle, lang)}
      message={problemText('token_invalid', lang)}
      link={{ href: '/account/sign-in', label: text(m.signIn, lang) }}
    />,
    400,
  );
}

function profileJson(p: Awaited<ReturnType<Services['customers']['accounts']['profile']>>) {
  const v = (x: unknown) => (typeof x === 'string' ? x : x === null ? null : { erased: true });
  return {
    id: p.id,
    email: v(p.email),
    name: v(p.name),
    phone: v(p.phone),
    address: v(p.address),
    birthday: v(p.birthday),
    emailVerified: p.emailVerified,
    policyVersion: p.policyVersion,
    signIns: p.signIns,
  };
}
