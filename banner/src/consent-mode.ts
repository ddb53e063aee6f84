/**
 * Google Consent Mode v2. `default` (everything non-essential denied) is pushed the moment the
 * banner script runs, which is before any tag because the script sits first in `<head>`;
 * `update` follows every choice and every page load with a stored choice.
 */
import type { Choices } from './config.ts';

type Gtag = (...args: unknown[]) => void;
interface TagWindow {
  dataLayer?: unknown[];
  gtag?: Gtag;
}

const w = window as unknown as TagWindow;

function gtag(...args: unknown[]): void {
  const layer = (w.dataLayer ||= []);
  // gtag.js reads the Arguments object, not an array, so the snippet's exact shape is kept.
  w.gtag ||= function () {
    // eslint-disable-next-line prefer-rest-params
    layer.push(arguments);
  };
  w.gtag(...args);
}

const state = (on: boolean) => (on ? 'granted' : 'denied');

function signals(c: Choices) {
  return {
    ad_storage: state(c.marketing),
    ad_user_data: state(c.marketing),
    ad_personalization: state(c.marketing),
    analytics_storage: state(c.analytics),
    personalization_storage: state(c.personalisation),
  };
}

export function consentDefault(): void {
  gtag('consent', 'default', {
    ...signals({ analytics: false, marketing: false, personalisation: false }),
    functionality_storage: 'granted',
    security_storage: 'granted',
    wait_for_update: 500,
  });
}

export function consentUpdate(c: Choices): void {
  gtag('consent', 'update', signals(c));
}
