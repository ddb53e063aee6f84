import type { SignedInCustomer } from '../customers/customer-session.ts';
import type { Lang } from './i18n.ts';

/** What middleware puts on Hono's context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
    /** The signed-in customer, set by `customerSession` (src/customers); undefined when none. */
    customer: SignedInCustomer | undefined;
  };
}
