/**
 * Google Analytics 4 over the Measurement Protocol, server side, behind `allows()`: without the
 * subject's analytics consent nothing is sent at all, not even a "denied" ping. The HTTP sender
 * is injectable so tests can point it at a local server and see exactly what leaves.
 *
 * @example
 *   const ga4 = new Ga4Adapter({ measurementId: 'G-XXXX', apiSecret, consent });
 *   await ga4.send({ visitorId }, clientIdFromGaCookie, [{ name: 'purchase', params: { value: 59 } }]);
 */
import type { ConsentSubject } from './consent.ts';

export interface Ga4Event {
  name: string;
  params?: Record<string, string | number | boolean>;
}

export type HttpSender = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number }>;

export interface Ga4AdapterOptions {
  measurementId: string;
  apiSecret: string;
  consent: { allows(subject: ConsentSubject, purpose: string): Promise<boolean> };
  endpoint?: string;
  send?: HttpSender;
}

export type Ga4Result = { sent: true; status: number } | { sent: false; reason: 'no_consent' };

export class Ga4Adapter {
  readonly #options: Ga4AdapterOptions;
  readonly #send: HttpSender;

  constructor(options: Ga4AdapterOptions) {
    this.#options = options;
    this.#send = options.send ?? ((url, init) => fetch(url, init));
  }

  async send(subject: ConsentSubject, clientId: string, events: Ga4Event[]): Promise<Ga4Result> {
    if (!(await this.#options.consent.allows(subject, 'analytics'))) {
      return { sent: false, reason: 'no_consent' };
    }
    // Advertising signals follow the marketing choice (Consent Mode v2's ad_user_data and
    // ad_personalization), so GA cannot use these events for ads without that consent too.
    const marketing = await this.#options.consent
      .allows(subject, 'targeted_marketing')
      .catch(() => false);
    const url = new URL(this.#options.endpoint ?? 'https://www.google-analytics.com/mp/collect');
    url.searchParams.set('measurement_id', this.#options.measurementId);
    url.searchParams.set('api_secret', this.#options.apiSecret);
    const body = JSON.stringify({
      client_id: clientId,
      consent: {
        ad_user_data: marketing ? 'GRANTED' : 'DENIED',
        ad_personalization: marketing ? 'GRANTED' : 'DENIED',
      },
      events: events.map((e) => ({ name: e.name, params: e.params ?? {} })),
    });
    const res = await this.#send(url.toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { sent: true, status: res.status };
  }
}
