import type { Lang } from './i18n.ts';

/** Who is signed in, as every handler sees it (set by src/customers/sign-in/customer-session.ts). */
export interface SignedInCustomer {
  id: string;
  /** The stored hash of the session (never the cookie value): safe to log or compare. */
  sessionIdHash: string;
}

/** What middleware puts on Hono's context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
    /** The signed-in customer, set by `customerSession` (src/customers); undefined when none. */
    customer: SignedInCustomer | undefined;
    /** Whether cookies get `Secure` (https `PUBLIC_URL`), set by `cookieRules` (cookies.ts). */
    secureCookies: boolean;
  };
}
