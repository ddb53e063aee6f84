/**
 * The one place where errors become HTTP responses. Domain errors keep their code and message;
 * anything else is a 500 with a generic message: no stack trace and no database text (which can
 * quote personal data) ever reaches the client, and the log gets the error's type and stack only.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { DomainError, RateLimitedError, type ErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ErrorBody } from './error-body.ts';
import { renderErrorPage } from './error-page.tsx';
import type { AppEnv } from './env.ts';
import { text, type Lang } from './i18n.ts';

const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

const codeOfStatus = (status: number): ErrorCode =>
  (Object.entries(statusOf).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ??
  (status >= 500 ? 'unavailable' : 'bad_request');

/** Zod issues as per-field messages, without echoing the input (it may be personal data). */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export type { ErrorBody };

export function toErrorBody(err: unknown, lang: Lang = 'en'): ErrorBody {
  if (err instanceof DomainError) {
    return {
      status: statusOf[err.code],
      code: err.code,
      message: err.translations ? text(err.translations, lang) : err.message,
      ...(err.fields ? { fields: err.fields } : {}),
    };
  }
  if (err instanceof z.ZodError) {
    const fields = zodFields(err);
    const summary = Object.entries(fields)
      .map(([k, m]) => `${k}: ${m}`)
      .join('; ');
    return { status: 400, code: 'validation_failed', message: `Invalid input. ${summary}`, fields };
  }
  if (err instanceof HTTPException && err.status < 500) {
    const message =
      err.message ||
      (err.status === 403 ? 'Cross-site form submissions are refused.' : 'Bad request.');
    return { status: err.status, code: codeOfStatus(err.status), message };
  }
  return {
    status: 500,
    code: 'internal',
    message: 'Something went wrong on our side. Please try again.',
  };
}

export function wantsHtml(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return accept.includes('text/html') && !c.req.path.startsWith('/api/');
}

export function errorHandler(log: Logger) {
  return (err: unknown, c: Context<AppEnv>) => {
    const body = toErrorBody(err, c.get('lang') ?? 'en');
    if (body.status >= 500) {
      const e = err instanceof Error ? err : new Error(String(err));
      // The stack without its first line: the message of a driver error can quote stored values.
      const stack = (e.stack ?? '').split('\n').slice(1).join('\n');
      log.error(
        {
          requestId: c.get('requestId'),
          errType: e.name,
          errCode: (e as { code?: unknown }).code,
          stack,
        },
        'unhandled error',
      );
    }
    if (err instanceof RateLimitedError) c.header('Retry-After', String(err.retryAfterSeconds));
    if (wantsHtml(c)) return c.html(renderErrorPage(c, body), body.status as ContentfulStatusCode);
    return c.json(body, body.status as ContentfulStatusCode);
  };
}
