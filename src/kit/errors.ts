/**
 * Domain errors. Services throw these; the web layer turns them into `{status, code, message}` in
 * one place (src/kit/web/error-handler.ts). A message must never contain personal data: it is shown
 * to the client and may be logged.
 */
import type { Localized } from './web/i18n.ts';

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable';

export class DomainError extends Error {
  /** The message in every language, when the thrower wrote one (`message` is then its English). */
  readonly translations: Localized | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string | Localized,
    /** Per-field messages a form can show next to its inputs. */
    readonly fields?: Record<string, string>,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.translations = typeof message === 'string' ? undefined : message;
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, fields?: Record<string, string>) {
    super('validation_failed', message, fields);
  }
}

/** "Not found or no access" alike: a response never reveals whether something exists. */
export class NotFoundError extends DomainError {
  constructor(what = 'The requested item') {
    super('not_found', `${what} was not found.`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`);
  }
}

/** Sign-in refused: the same answer for an unknown email and a wrong password. */
export class InvalidCredentialsError extends DomainError {
  constructor(message = 'The email address or password is not correct.') {
    super('unauthenticated', message);
  }
}
