import type { Lang } from './i18n.ts';

/** What middleware puts on Hono's context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
  };
}
