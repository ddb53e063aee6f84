/**
 * What the consent API accepts, strictly: an unknown category, a missing field or a wrong type is
 * a 400 that names the field, never a silently ignored key.
 */
import { z } from 'zod';
import { DomainError, ValidationError } from '../kit/errors.ts';
import { languages } from '../kit/web/i18n.ts';

export const maxConsentBody = 2048;

const choices = z.strictObject(
  { analytics: z.boolean(), marketing: z.boolean(), personalisation: z.boolean() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown consent categories: ${issue.keys.join(', ')} (allowed: analytics, marketing, personalisation)`
        : undefined,
  },
);

export const consentBody = z.strictObject({
  choices,
  textHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the textHash from /consent/config'),
  policyVersion: z.number().int().positive(),
  source: z.literal('banner'),
  signals: z.strictObject({ gpc: z.boolean(), dnt: z.boolean() }),
  explicit: z.boolean(),
  lang: z.enum(languages),
});
export type ConsentBody = z.infer<typeof consentBody>;

export const collectBody = z.strictObject({
  event: z.enum(['page_view', 'product_view', 'search']),
  path: z.string().min(1).max(300).startsWith('/', 'must be a path starting with /'),
  productId: z
    .string()
    .max(64)
    .regex(/^[\w-]+$/)
    .optional(),
  search: z.string().max(100).optional(),
});
export type CollectBody = z.infer<typeof collectBody>;

/**
 * Parses a JSON body whatever its content type (sendBeacon sends text/plain), refusing one over
 * {@link maxConsentBody} bytes. The app's body guard has read it already (at most 256 KB, from
 * Hono's cache here), so a route-level bodyLimit in front would only build a second Request.
 */
export async function readJson(req: { text(): Promise<string> }): Promise<unknown> {
  const text = await req.text();
  if (Buffer.byteLength(text) > maxConsentBody) throw tooLarge();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The request body must be JSON.');
  }
}

export function tooLarge(): DomainError {
  return new DomainError('bad_request', `The request body is larger than ${maxConsentBody} bytes.`);
}
