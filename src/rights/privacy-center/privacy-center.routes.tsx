/**
 * `/privacy-center`: the front door to the customer's rights. Signed in, the session is the
 * identity check (EDPB 01/2022: no ID copies), so a request is verified at once and runs as a job;
 * its progress, deadline and, for access and portability, the download are shown here.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { PolicyService } from '../../policy/policy.service.ts';
import type { ProcessingServices } from '../restriction/processing-services.ts';
import type { RightsServices } from '../create-rights.ts';
import type { AppEnv } from '../../kit/web/env.ts';
import { text, type Lang } from '../../kit/web/i18n.ts';
import { Layout } from '../../kit/web/layout.tsx';
import { clientAddress, RateLimits } from '../../kit/web/rate-limit.ts';
import { messages as m, statusLabels, typeLabels } from './privacy-center.messages.ts';
import { RequestTypeChoices } from './request-type-choices.tsx';
import { RestrictionNotice } from '../restriction/restriction-notice.tsx';
import { messages as closing } from './close-account.messages.ts';
import { messages as rectification } from './rectification.messages.ts';
import { REQUEST_TYPES, type RequestType } from '../engine/rights.ts';
import type { RequestView } from '../engine/request-view.ts';
import { vm } from './visitor-request.messages.ts';
import { readForm } from '../../kit/web/request-body.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  policy: PolicyService;
  processing: ProcessingServices;
  rights: RightsServices;
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

const requestForm = z.object({ type: z.enum(REQUEST_TYPES) });
/**
 * Erasure and rectification have pages of their own: closing the account says first what is
 * kept and asks for the password; a correction needs the text of what is wrong.
 */
const OWN_PAGE: Partial<Record<RequestType, string>> = {
  erasure: '/privacy-center/close-account',
  rectification: '/privacy-center/rectification',
};
const FORM_TYPES = REQUEST_TYPES.filter((t) => !OWN_PAGE[t]);
const downloadable = new Set(['access', 'portability']);

export function privacyCenterRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  const limiter = (services.rateLimits ?? RateLimits.memory()).window('privacy-center', {
    limit: 10,
    windowMs: 60 * 60_000,
  });

  app.get('/privacy-center', async (c) => {
    const lang = c.get('lang');
    const customer = c.get('customer');
    const requests = customer ? await services.rights.requests.listForCustomer(customer.id) : [];
    const restriction = customer
      ? await services.processing.restrictions.state(customer.id)
      : undefined;
    c.header('cache-control', 'no-store');
    return c.html(
      <PrivacyCenterPage
        lang={lang}
        path={c.req.path}
        signedIn={Boolean(customer)}
        created={c.req.query('created') === '1'}
        requests={requests}
        restrictedSince={restriction?.since ?? null}
        privacyEmail={services.policy.manifest.controller.privacyEmail}
      />,
    );
  });

  app.post('/privacy-center/requests', async (c) => {
    const customer = c.get('customer');
    if (!customer) return c.redirect('/account/sign-in?next=/privacy-center', 303);
    await limiter.hit(`privacy-center:${clientAddress(c)}`);
    const { type } = requestForm.parse(await readForm(c));
    const ownPage = OWN_PAGE[type];
    if (ownPage) return c.redirect(ownPage, 303);
    await services.rights.requests.create({
      type,
      channel: 'self_service',
      customerId: customer.id,
      verified: true,
    });
    return c.redirect('/privacy-center?created=1', 303);
  });

  return app;
}

interface PageProps {
  lang: Lang;
  path: string;
  signedIn: boolean;
  created: boolean;
  requests: RequestView[];
  /** When a restriction of processing began, if one holds (Art. 18). */
  restrictedSince: string | null;
  privacyEmail: string;
}

function PrivacyCenterPage({
  lang,
  path,
  signedIn,
  created,
  requests,
  restrictedSince,
  privacyEmail,
}: PageProps) {
  const t = (msg: (typeof m)[keyof typeof m]) => text(msg, lang);
  const day = (iso: string) => iso.slice(0, 10);
  return (
    <Layout lang={lang} title={t(m.title)} path={path}>
      <h1>{t(m.title)}</h1>
      <p>{t(m.intro)}</p>
      {created ? <p role="status">{t(m.created)}</p> : null}
      <RestrictionNotice lang={lang} since={restrictedSince} />
      <h2>{t(m.selfService)}</h2>
      <ul>
        <li>
          <a href="/privacy-center/consent">{t(m.consent)}</a>
        </li>
        <li>
          <a href="/account">{t(m.profile)}</a>
        </li>
        <li>
          <a href="/account/orders">{t(m.orders)}</a>
        </li>
        <li>
          <a href="/newsletter">{t(m.newsletter)}</a>
        </li>
        <li>
          <a href="/privacy-center/rectification">{text(rectification.link, lang)}</a>
        </li>
        <li>
          <a href="/privacy-center/close-account">{text(closing.link, lang)}</a>
        </li>
      </ul>
      <h2>{t(m.makeRequest)}</h2>
      {signedIn ? (
        <form method="post" action="/privacy-center/requests">
          <fieldset>
            <legend>{t(m.requestType)}</legend>
            <RequestTypeChoices types={FORM_TYPES} checked={FORM_TYPES[0]} lang={lang} />
          </fieldset>
          <button type="submit">{t(m.send)}</button>
        </form>
      ) : (
        <>
          <p>{t(m.signedOut)}</p>
          <p>
            <a class="button" href="/account/sign-in?next=/privacy-center">
              {t(m.signIn)}
            </a>
          </p>
          <p>
            <a href="/privacy-center/email-request">{text(vm.entry, lang)}</a>
          </p>
          <p>
            {t(m.byEmail)} <a href={`mailto:${privacyEmail}`}>{privacyEmail}</a>.
          </p>
        </>
      )}
      {signedIn ? (
        <>
          <h2>{t(m.yourRequests)}</h2>
          {requests.length === 0 ? (
            <p>{t(m.none)}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(m.type)}</th>
                  <th scope="col">{t(m.status)}</th>
                  <th scope="col">{t(m.received)}</th>
                  <th scope="col">{t(m.due)}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr>
                    <td>{text(typeLabels[r.type], lang)}</td>
                    <td>
                      {text(statusLabels[r.status], lang)}
                      {r.status === 'done' && downloadable.has(r.type) ? (
                        <>
                          {' · '}
                          <a href={`/api/rights/requests/${r.id}/export`}>
                            {t(r.type === 'portability' ? m.downloadPortable : m.downloadPackage)}
                          </a>
                        </>
                      ) : null}
                    </td>
                    <td>{day(r.receivedAt)}</td>
                    <td>{day(r.dueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      <p class="muted">{t(m.complaint)}</p>
    </Layout>
  );
}
