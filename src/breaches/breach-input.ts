/**
 * What staff type to record a breach, checked once for the console form and the CLI. Times are
 * UTC (`2026-12-04T10:00` or a full ISO time). Messages name the field, never its value.
 */
import { z } from 'zod';
import { consequenceCodes, measureCodes } from './breach-codes.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((s) => (s === '' ? undefined : s))
    .optional();
const list = (v: unknown): unknown[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v];

/** `2026-12-04T10:00` (a form's datetime-local, read as UTC) or any ISO time with a zone. */
export const utcTime = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
    'A time like 2026-12-04T10:00 (UTC).',
  )
  .transform((s) => new Date(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`))
  .refine((d) => !Number.isNaN(d.getTime()), 'Not a valid time.');

export const breachInput = z.object({
  nature: z.enum(['confidentiality', 'integrity', 'availability'], 'Choose the kind of breach.'),
  description: text(4000),
  occurredAt: z.preprocess((v) => (v === '' ? undefined : v), utcTime.optional()),
  discoveredAt: utcTime,
  categories: z.preprocess(
    list,
    z.array(z.string().max(100)).min(1, 'Choose at least one category.'),
  ),
  approxPeople: z.coerce.number('A whole number.').int('A whole number.').min(0).max(1e9),
  approxRecords: z.coerce.number('A whole number.').int('A whole number.').min(0).max(1e10),
  consequences: z.preprocess(list, z.array(z.enum(consequenceCodes, 'Unknown consequence.'))),
  consequencesText: text(4000),
  measures: z.preprocess(list, z.array(z.enum(measureCodes, 'Unknown measure.'))),
  measuresText: text(4000),
  risk: z.enum(['unlikely', 'risk', 'high'], 'Choose the risk to people.'),
  assessment: text(4000),
  delayReason: optionalText(4000),
});
export type BreachInput = z.infer<typeof breachInput>;

export const authorityNoticeInput = z.object({
  reference: optionalText(200),
  delayReason: optionalText(4000),
  at: z.preprocess((v) => (v === '' ? undefined : v), utcTime.optional()),
});
export type AuthorityNoticeInput = z.infer<typeof authorityNoticeInput>;

/** How the people affected are found: `category:user.contact.email`, `disclosure:posti`, `audit:customer.view`. */
export const affectedInput = z.object({
  by: z.enum(['category', 'disclosure', 'audit'], 'Choose how the people are found.'),
  key: z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(100)
    .regex(/^[a-z0-9_.*-]+$/, 'A manifest key.'),
  from: z.preprocess((v) => (v === '' ? undefined : v), utcTime.optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), utcTime.optional()),
});
export type AffectedInput = z.infer<typeof affectedInput>;

/** The first problem per field, for a form to show beside its input. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
