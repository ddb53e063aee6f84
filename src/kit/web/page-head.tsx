/**
 * The first tags of every page's `<head>`, supplied by the app: the consent banner's, which must
 * precede every other script. The kit's layout cannot import a feature, so the app hands it a
 * renderer; the layout has no Hono context of its own, so the renderer rides in async-local
 * storage for the request.
 *
 * @example
 *   app.use(pageHead((lang) => BannerHead({ lang })));
 *   <head>… <PageHead lang={lang} /> …</head>
 */
import type { MiddlewareHandler } from 'hono';
import { contextStorage, tryGetContext } from 'hono/context-storage';
import type { Child } from 'hono/jsx';
import type { Lang } from './i18n.ts';

type HeadFor = (lang: Lang) => Child;
interface PageHeadEnv {
  Variables: { pageHead: HeadFor };
}

export function pageHead(headFor: HeadFor): MiddlewareHandler {
  const storage = contextStorage();
  return async (c, next) => {
    c.set('pageHead', headFor);
    return storage(c, next);
  };
}

export function PageHead({ lang }: { lang: Lang }) {
  return <>{tryGetContext<PageHeadEnv>()?.var.pageHead?.(lang)}</>;
}
