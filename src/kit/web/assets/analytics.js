/* global document, window, crypto, location, fetch */
/**
 * The store's demo analytics tag, standing in for Google Analytics: it sets the first-party
 * `_ga` and `_ga_HS` cookies the manifest declares (13 months, the CNIL maximum) and sends a
 * page view to the store's own `POST /collect`. The layout includes it as
 * `<script type="text/plain" data-consent="analytics" src="/assets/analytics.js">`, so it runs
 * only after the visitor allows analytics; it stops sending the moment analytics is withdrawn.
 */
(() => {
  const w = window;
  if (w.hsAnalytics) return;
  const maxAge = 395 * 86400;
  const now = Math.floor(Date.now() / 1000);
  const set = (name, value) => {
    document.cookie = `${name}=${value}; path=/; max-age=${maxAge}; SameSite=Lax`;
  };
  if (!/(?:^|; )_ga=/.test(document.cookie)) {
    set('_ga', `GA1.1.${crypto.getRandomValues(new Uint32Array(1))[0]}.${now}`);
  }
  set('_ga_HS', `GS1.1.${now}.1.0.${now}.0.0.0`);

  // What gtag.js does first; Consent Mode's default is already at the head of the queue.
  w.dataLayer = w.dataLayer || [];
  function gtag() {
    w.dataLayer.push(arguments);
  }
  gtag('js', new Date());
  gtag('config', 'G-HERSECRET', { send_page_view: false });

  let allowed = true;
  w.addEventListener('custodian:consent', (e) => {
    allowed = Boolean(e.detail && e.detail.analytics);
  });
  const send = (event) => {
    if (!allowed) return Promise.resolve(false);
    gtag('event', event);
    return fetch('/collect', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event, path: location.pathname }),
    }).then(
      (r) => r.ok,
      () => false,
    );
  };
  w.hsAnalytics = { send, sent: send('page_view') };
})();
