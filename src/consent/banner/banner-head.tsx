/**
 * The consent banner's tags for the `<head>` of every Custodian page, first before any other
 * script: its stylesheet, its configuration as a JSON data block (never executed, so the CSP that
 * forbids inline scripts allows it, and the banner needs no round trip), and the script itself.
 *
 * The layout has no Hono context of its own, so the configuration reaches it through
 * {@link bannerContext}, which keeps the request's context in async-local storage.
 *
 * @example
 *   app.use(bannerContext((lang) => services.consent.config(lang)));
 *   <head>… <BannerHead lang={lang} /> …</head>
 */
import type { MiddlewareHandler } from 'hono';
import { contextStorage, tryGetContext } from 'hono/context-storage';
import type { Lang } from '../../kit/web/i18n.ts';
import { bannerAssets } from './banner-assets.ts';

type ConfigFor = (lang: Lang) => object | undefined;
interface BannerEnv {
  Variables: { consentConfig: ConfigFor };
}

export function bannerContext(configFor: ConfigFor): MiddlewareHandler {
  const storage = contextStorage();
  return async (c, next) => {
    c.set('consentConfig', configFor);
    return storage(c, next);
  };
}

export function BannerHead({ lang }: { lang: Lang }) {
  const { version } = bannerAssets();
  const config = tryGetContext<BannerEnv>()?.var.consentConfig?.(lang);
  // `<` escaped so no text in the configuration can close the script element.
  const json = config && JSON.stringify(config).replace(/</g, '\\u003c');
  return (
    <>
      <link rel="stylesheet" href={`/consent/banner.css?v=${version}`} />
      {json && (
        <script
          type="application/json"
          id="custodian-consent-config"
          dangerouslySetInnerHTML={{ __html: json }}
        />
      )}
      <script src={`/consent/banner.js?v=${version}`} />
    </>
  );
}
