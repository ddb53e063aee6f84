/**
 * The throttles on account endpoints. Keys are `ip:<client address>` and `acct:<blind index>`
 * (for sign-in, `acct:<blind index>|ip:<client address>`), never an email address in clear. The
 * kit supplies the implementations (src/kit/web/rate-limit.ts, counted in PostgreSQL across app
 * processes); the domain only knows these shapes.
 */
export interface AttemptThrottle {
  /** Counts one attempt per key; throws RateLimitedError when a key is over its limit. */
  attempt(keys: readonly string[]): Promise<void>;
}

export interface FailureBackoff {
  check(key: string): Promise<void>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
}

export interface AccountLimits {
  /** Sign-in attempts per address (`ip:`) and per account from that address (`acct:…|ip:…`). */
  signIn: AttemptThrottle;
  /**
   * Failed sign-ins per account and address together (`acct:<index>|ip:<address>`): never per
   * account alone, or anyone could lock the owner out by failing on purpose.
   */
  signInFailures: FailureBackoff;
  /** Failed sign-ins per client address (`ip:` keys): more generous, many people share one. */
  signInFailuresByClient: FailureBackoff;
  register: AttemptThrottle;
  reset: AttemptThrottle;
}
