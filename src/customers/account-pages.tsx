/** The account pages, rendered on the server inside the shared Layout. No inline script or style. */
import { m as orderTexts } from '../orders/orders.messages.ts';
import { text, type Lang } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { isErased } from '../kit/vault/vault.ts';
import type { Problems } from './account-input.ts';
import { fieldLimits } from './account-input.ts';
import { ErrorSummary, Field, fill, Notice, problemText } from './account-form.tsx';
import { m } from './account.messages.ts';
import type { CustomerProfile } from './accounts.service.ts';
import type { OidcProviderKey } from './sign-in/oidc-client.ts';

export interface PageBase {
  lang: Lang;
  path: string;
}

type Values = Record<string, string | undefined>;

function Providers(p: {
  lang: Lang;
  providers: { provider: OidcProviderKey; demo: boolean }[];
  policyVersion: number;
}) {
  if (p.providers.length === 0) return null;
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  return (
    <section class="account-providers" aria-labelledby="providers-title">
      <h2 id="providers-title">{t(m.or)}</h2>
      <ul>
        {p.providers.map(({ provider, demo }) => (
          <li>
            <form method="post" action={`/account/oidc/${provider}`}>
              <button type="submit" class={`provider provider-${provider}`}>
                {t(provider === 'google' ? m.withGoogle : m.withFacebook)}
                {demo ? ` ${t(m.demo)}` : ''}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <p class="muted">{fill(t(m.providerNote), { v: p.policyVersion })}</p>
    </section>
  );
}

/** Sign-in providers by the name customers know them by (a proper name in every language). */
const providerNames: Record<string, string> = { google: 'Google', facebook: 'Facebook' };

export function RegisterPage(
  p: PageBase & { values: Values; problems: Problems; policyVersion: number },
) {
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  const f = { lang: p.lang, problems: p.problems };
  return (
    <Layout lang={p.lang} title={t(m.registerTitle)} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{t(m.registerTitle)}</h1>
        <ErrorSummary {...f} />
        <form method="post" action="/account/register" novalidate>
          <Field
            {...f}
            name="email"
            type="email"
            label={t(m.email)}
            value={p.values.email}
            autocomplete="email"
            required
            maxlength={fieldLimits.email}
          />
          <Field
            {...f}
            name="password"
            type="password"
            label={t(m.password)}
            hint={t(m.passwordHint)}
            autocomplete="new-password"
            required
          />
          <Field
            {...f}
            name="name"
            label={t(m.name)}
            value={p.values.name}
            autocomplete="name"
            required
            maxlength={fieldLimits.name}
          />
          <p class="field-hint">{t(m.optionalNote)}</p>
          <Field
            {...f}
            name="phone"
            type="tel"
            label={t(m.phone)}
            value={p.values.phone}
            autocomplete="tel"
            maxlength={fieldLimits.phone}
          />
          <Field
            {...f}
            name="address"
            label={t(m.address)}
            value={p.values.address}
            autocomplete="address-line1"
            maxlength={fieldLimits.address}
          />
          <Field
            {...f}
            name="birthday"
            type="date"
            label={t(m.birthday)}
            value={p.values.birthday}
            autocomplete="bday"
          />
          <div
            class={
              p.problems.acceptPolicy ? 'field field-check field-invalid' : 'field field-check'
            }
          >
            {p.problems.acceptPolicy ? (
              <p class="field-error" id="f-acceptPolicy-error">
                {problemText(p.problems.acceptPolicy, p.lang)}
              </p>
            ) : null}
            <input
              type="checkbox"
              id="f-acceptPolicy"
              name="acceptPolicy"
              value="on"
              required
              aria-invalid={p.problems.acceptPolicy ? 'true' : undefined}
              aria-describedby={p.problems.acceptPolicy ? 'f-acceptPolicy-error' : undefined}
            />
            <label for="f-acceptPolicy">{fill(t(m.acceptPolicy), { v: p.policyVersion })}</label>{' '}
            <a href="/privacy">{t(m.policyLink)}</a>
          </div>
          <button type="submit">{t(m.register)}</button>
        </form>
        <p>
          <a href="/account/sign-in">{t(m.haveAccount)}</a>
        </p>
      </section>
    </Layout>
  );
}

export function SignInPage(
  p: PageBase & {
    values: Values;
    error?: string | undefined;
    notice?: string | undefined;
    next?: string | undefined;
    providers: { provider: OidcProviderKey; demo: boolean }[];
    policyVersion: number;
  },
) {
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  const f = { lang: p.lang, problems: {} };
  return (
    <Layout lang={p.lang} title={t(m.signInTitle)} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{t(m.signInTitle)}</h1>
        {p.notice ? <Notice>{p.notice}</Notice> : null}
        {p.error ? (
          <div class="error-summary" role="alert">
            <p>{p.error}</p>
          </div>
        ) : null}
        <form method="post" action="/account/sign-in">
          {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
          <Field
            {...f}
            name="email"
            type="email"
            label={t(m.email)}
            value={p.values.email}
            autocomplete="username"
            required
          />
          <Field
            {...f}
            name="password"
            type="password"
            label={t(m.password)}
            autocomplete="current-password"
            required
          />
          <button type="submit">{t(m.signIn)}</button>
        </form>
        <p>
          <a href="/account/reset">{t(m.forgot)}</a>
        </p>
        <p>
          <a href="/account/register">{t(m.noAccount)}</a>
        </p>
        <Providers lang={p.lang} providers={p.providers} policyVersion={p.policyVersion} />
      </section>
    </Layout>
  );
}

export function MessagePage(
  p: PageBase & { title: string; message: string; link?: { href: string; label: string } },
) {
  return (
    <Layout lang={p.lang} title={p.title} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{p.title}</h1>
        <Notice>{p.message}</Notice>
        {p.link ? (
          <p>
            <a href={p.link.href}>{p.link.label}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}

export function ResetRequestPage(p: PageBase & { values: Values; problems: Problems }) {
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  const f = { lang: p.lang, problems: p.problems };
  return (
    <Layout lang={p.lang} title={t(m.resetTitle)} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{t(m.resetTitle)}</h1>
        <ErrorSummary {...f} />
        <p>{t(m.resetIntro)}</p>
        <form method="post" action="/account/reset">
          <Field
            {...f}
            name="email"
            type="email"
            label={t(m.email)}
            value={p.values.email}
            autocomplete="email"
            required
          />
          <button type="submit">{t(m.sendLink)}</button>
        </form>
      </section>
    </Layout>
  );
}

export function ResetPasswordPage(p: PageBase & { token: string; problems: Problems }) {
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  const f = { lang: p.lang, problems: p.problems };
  return (
    <Layout lang={p.lang} title={t(m.resetTitle)} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{t(m.resetTitle)}</h1>
        <ErrorSummary {...f} />
        <form method="post" action="/account/reset/password">
          <input type="hidden" name="token" value={p.token} />
          <Field
            {...f}
            name="password"
            type="password"
            label={t(m.newPassword)}
            hint={t(m.passwordHint)}
            autocomplete="new-password"
            required
          />
          <button type="submit">{t(m.setPassword)}</button>
        </form>
      </section>
    </Layout>
  );
}

function shown(value: string | null | symbol, lang: Lang): string {
  if (isErased(value)) return text(m.erased, lang);
  return typeof value === 'string' ? value : '';
}

export function ProfilePage(
  p: PageBase & {
    profile: CustomerProfile;
    values?: Values | undefined;
    problems: Problems;
    emailProblems: Problems;
    saved: boolean;
    notice?: string | undefined;
  },
) {
  const t = (x: (typeof m)[keyof typeof m]) => text(x, p.lang);
  const pr = p.profile;
  const v = p.values ?? {
    name: shown(pr.name, p.lang),
    phone: shown(pr.phone, p.lang),
    address: shown(pr.address, p.lang),
    birthday: shown(pr.birthday, p.lang),
  };
  const f = { lang: p.lang, problems: p.problems };
  return (
    <Layout lang={p.lang} title={t(m.profileTitle)} path={p.path}>
      <section class="account" aria-labelledby="page-title">
        <h1 id="page-title">{t(m.profileTitle)}</h1>
        <p>
          <a href="/account/orders">{t(orderTexts.orders)}</a>
        </p>
        {p.saved ? <Notice>{t(m.saved)}</Notice> : null}
        {p.notice ? <Notice>{p.notice}</Notice> : null}
        <dl class="account-summary">
          <dt>{t(m.currentEmail)}</dt>
          <dd>
            {shown(pr.email, p.lang)}{' '}
            {pr.emailVerified ? <span class="badge">{t(m.verifiedBadge)}</span> : null}
          </dd>
          <dt>{t(m.policyAccepted)}</dt>
          <dd>{pr.policyVersion}</dd>
        </dl>
        {!pr.emailVerified ? (
          <form method="post" action="/account/verify/resend" class="inline-form">
            <p>{t(m.unverified)}</p>
            <button type="submit">{t(m.resend)}</button>
          </form>
        ) : null}

        <h2>{t(m.yourData)}</h2>
        <ErrorSummary {...f} />
        <form method="post" action="/account">
          <Field
            {...f}
            name="name"
            label={t(m.name)}
            value={v.name}
            autocomplete="name"
            required
            maxlength={fieldLimits.name}
          />
          <p class="field-hint">{t(m.clearHint)}</p>
          <Field
            {...f}
            name="phone"
            type="tel"
            label={t(m.phone)}
            value={v.phone}
            autocomplete="tel"
            maxlength={fieldLimits.phone}
          />
          <Field
            {...f}
            name="address"
            label={t(m.address)}
            value={v.address}
            autocomplete="address-line1"
            maxlength={fieldLimits.address}
          />
          <Field
            {...f}
            name="birthday"
            type="date"
            label={t(m.birthday)}
            value={v.birthday}
            autocomplete="bday"
          />
          <button type="submit">{t(m.save)}</button>
        </form>

        <h2>{t(m.changeEmail)}</h2>
        <form method="post" action="/account/email">
          <Field
            lang={p.lang}
            problems={p.emailProblems}
            name="email"
            type="email"
            label={t(m.newEmail)}
            autocomplete="email"
            required
            maxlength={fieldLimits.email}
          />
          <button type="submit">{t(m.sendLink)}</button>
        </form>

        {pr.signIns.length > 0 ? (
          <>
            <h2>{t(m.signIns)}</h2>
            <ul>
              {pr.signIns.map((s) => (
                <li>
                  {fill(t(m.signInsNote), {
                    // The provider by name: its issuer URL means nothing to a customer.
                    source: providerNames[s.provider] ?? s.provider,
                    date: s.receivedAt.toISOString().slice(0, 10),
                  })}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <form method="post" action="/account/sign-out" class="inline-form">
          <button type="submit">{t(m.signOut)}</button>
        </form>
      </section>
    </Layout>
  );
}
