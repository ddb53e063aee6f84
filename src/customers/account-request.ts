/**
 * Reading account requests: HTML forms and JSON bodies alike, as a flat record of strings.
 * A form post is answered with a page; anything else with JSON.
 */
import type { Context } from 'hono';
import { DomainError } from '../kit/errors.ts';
import { readForm } from '../kit/web/request-body.ts';

export interface AccountRequest {
  form: boolean;
  data: Record<string, string | undefined>;
}

export async function readAccountRequest(c: Context): Promise<AccountRequest> {
  const type = c.req.header('content-type') ?? '';
  const form =
    type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data');
  let raw: Record<string, unknown>;
  if (form) {
    raw = await readForm(c);
  } else if (type.includes('application/json')) {
    raw = await c.req.json<Record<string, unknown>>().catch(() => {
      throw new DomainError('bad_request', 'The request body is not valid JSON.');
    });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new DomainError('bad_request', 'The request body must be a JSON object.');
    }
  } else {
    throw new DomainError('bad_request', 'Send a form or a JSON object.');
  }
  const data: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') data[k] = v;
    else if (typeof v === 'boolean') data[k] = v ? 'on' : undefined;
  }
  return { form, data };
}

/** A same-site path to return to after sign-in; anything else becomes /account. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/account';
}
