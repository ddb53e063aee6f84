/**
 * The privacy center for people who are not signed in (visitor-requests.service.ts):
 *
 * - `GET|POST /privacy-center/email-request`: the form (address and request type); a valid
 *   submission gets the same "check your email" page whether or not the address has an account;
 * - `GET /privacy-center/verify/<secret>`: a page with a button, nothing more: link prefetchers
 *   and mail scanners fetch with GET, and must not confirm anything;
 * - `POST /privacy-center/verify/<secret>`: the button: uses the link and verifies the request;
 * - `GET /privacy-center/download/<secret>`: the answer of a finished access or portability
 *   request, from the emailed link.
 *
 * A link that does not work (malformed, forged, expired, used, another request's) gets one page,
 * 404, with the way to make the request again. Pages with a secret in their address are not
 * cached, other sites get only our origin as Referer (the security headers' policy), and the
 * request log redacts the secret (web/log-path.ts).
 */
import { Hono, type Context } from 'hono';
import type { VisitorRequestService } from './visitor-requests.service.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { FormField } from '../../kit/web/form-field.tsx';
import { text, type Lang, type Localized } from '../../kit/web/i18n.ts';
import { Layout } from '../../kit/web/layout.tsx';
import { clientAddress } from '../../kit/web/rate-limit.ts';
import { typeLabels } from './privacy-center.messages.ts';
import { InvalidRequestLinkError } from './request-links.ts';
import { RequestTypeChoices } from './request-type-choices.tsx';
import { REQUEST_TYPES, type RequestType } from '../engine/rights.ts';
import { problemTexts, vm } from './visitor-request.messages.ts';
import { VisitorInputError, type VisitorProblem } from './visitor-requests.service.ts';
import { readForm } from '../../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  visitorRequests: VisitorRequestService;
}

const FORM = '/privacy-center/email-request';

export function visitorRequestRoutes(services: Pick<Services, 'visitorRequests'>) {
  const visitors = services.visitorRequests;
  const app = new Hono<AppEnv>();
  app.get(FORM, (c) => page(c, vm.title, <RequestForm lang={c.get('lang')} values={{}} />));

  app.post(FORM, async (c) => {
    const lang = c.get('lang');
    const body = await readForm(c);
    const values = {
      email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
      type: typeof body.type === 'string' ? body.type : '',
    };
    try {
      await visitors.submit({ ...values, lang }, clientAddress(c));
    } catch (err) {
      if (!(err instanceof VisitorInputError)) throw err;
      const form = <RequestForm lang={lang} values={values} problems={err.problems} />;
      return page(c, vm.title, form, 400);
    }
    return page(c, vm.checkTitle, <p role="status">{text(vm.checkEmail, lang)}</p>);
  });

  app.get('/privacy-center/verify/:secret', async (c) => {
    const lang = c.get('lang');
    const link = await attempt(() => visitors.checkVerifyLink(c.req.param('secret')));
    if (!link) return invalidLinkPage(c);
    return page(
      c,
      vm.confirmTitle,
      // The form posts to this same address: the secret goes nowhere else.
      <form method="post">
        <p>{text(vm.confirmIntro, lang)}</p>
        <p>
          <strong>{text(typeLabels[link.type], lang)}</strong>
        </p>
        <button type="submit">{text(vm.confirm, lang)}</button>
      </form>,
    );
  });

  app.post('/privacy-center/verify/:secret', async (c) => {
    const done = await attempt(() => visitors.verify(c.req.param('secret')));
    if (!done) return invalidLinkPage(c);
    return page(c, vm.confirmedTitle, <p role="status">{text(vm.confirmed, c.get('lang'))}</p>);
  });

  app.get('/privacy-center/download/:secret', async (c) => {
    const file = await attempt(() => visitors.download(c.req.param('secret')));
    if (!file) return invalidLinkPage(c);
    c.header('content-disposition', `attachment; filename="${file.filename}"`);
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.contentType });
  });

  return app;
}

/** The result of `work`, or undefined when the link does not work (any other error goes on). */
async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InvalidRequestLinkError) return undefined;
    throw err;
  }
}

/** One page for every link that does not work, whatever the reason. */
function invalidLinkPage(c: Context<AppEnv>) {
  const lang = c.get('lang');
  return page(
    c,
    vm.invalidTitle,
    <>
      <p role="alert">{text(vm.invalid, lang)}</p>
      <p>
        <a class="button" href={FORM}>
          {text(vm.again, lang)}
        </a>
      </p>
    </>,
    404,
  );
}

function page(c: Context<AppEnv>, title: Localized, body: unknown, status: 200 | 400 | 404 = 200) {
  const lang = c.get('lang');
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout lang={lang} title={text(title, lang)} path={c.req.path}>
      <section class="privacy-center" aria-labelledby="page-title">
        <h1 id="page-title">{text(title, lang)}</h1>
        {body}
      </section>
    </Layout>,
    status,
  );
}

interface FormProps {
  lang: Lang;
  values: { email?: string; type?: string };
  problems?: Partial<Record<'email' | 'type', VisitorProblem>>;
}

function RequestForm({ lang, values, problems = {} }: FormProps) {
  const t = (x: Localized) => text(x, lang);
  const problemOf = (field: 'email' | 'type') => {
    const p = problems[field];
    return p ? t(problemTexts[p]) : undefined;
  };
  const entries = (['email', 'type'] as const).filter((f) => problems[f]);
  const chosen: RequestType = (REQUEST_TYPES as readonly string[]).includes(values.type ?? '')
    ? (values.type as RequestType)
    : 'access';
  const typeError = problemOf('type');
  return (
    <>
      <p>{t(vm.intro)}</p>
      {entries.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{t(vm.errorSummary)}</p>
          <ul>
            {entries.map((f) => (
              <li>
                <a href={`#f-${f}`}>{problemOf(f)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={FORM} novalidate>
        <FormField
          name="email"
          label={t(vm.email)}
          hint={t(vm.emailHint)}
          type="email"
          inputmode="email"
          autocomplete="email"
          required
          maxlength={254}
          value={values.email ?? ''}
          error={problemOf('email')}
        />
        <fieldset
          id="f-type"
          class={typeError ? 'field field-invalid' : 'field'}
          aria-describedby={typeError ? 'f-type-error' : undefined}
        >
          <legend>{t(vm.type)}</legend>
          {typeError ? (
            <p class="field-error" id="f-type-error">
              {typeError}
            </p>
          ) : null}
          <RequestTypeChoices types={REQUEST_TYPES} checked={chosen} lang={lang} />
        </fieldset>
        <button type="submit">{t(vm.send)}</button>
      </form>
    </>
  );
}
