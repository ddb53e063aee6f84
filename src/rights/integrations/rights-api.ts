/**
 * The shapes of the rights JSON API, as zod schemas: the routes validate with them and the
 * OpenAPI document (openapi.ts) is generated from them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { OBJECTION_SCOPES } from '../objection/objections.ts';
import { REQUEST_CHANNELS, REQUEST_STATUSES, REQUEST_TYPES } from '../engine/rights.ts';
import { languages } from '../../kit/web/i18n.ts';

export const requestType = z
  .enum(REQUEST_TYPES)
  .describe(
    'access (Art. 15), portability (Art. 20), rectification (Art. 16), erasure (Art. 17), restriction (Art. 18), objection (Art. 21)',
  );

/** Art. 21: what an objection objects to (objections.ts checks the purposes against the manifest). */
const objectionFields = {
  scope: z
    .enum(OBJECTION_SCOPES)
    .optional()
    .describe(
      'Objection only: `marketing` (default): direct marketing and profiling for it, stopped at once; `other`: the listed legitimate-interest purposes, decided by staff with reasons',
    ),
  purposes: z
    .array(z.string().min(1).max(64))
    .max(20)
    .optional()
    .describe('Objection with scope `other` only: manifest purposes based on legitimate interests'),
};

const objectionOnly = (v: { type: string; scope?: unknown; purposes?: unknown }) =>
  v.type === 'objection' || (v.scope === undefined && v.purposes === undefined);

export const newRequestBody = z
  .strictObject({
    type: requestType,
    email: z
      .email('must be an email address')
      .max(254)
      .optional()
      .describe('Only when not signed in: the request is verified through a link sent to it'),
    ...objectionFields,
  })
  .refine(objectionOnly, { message: 'only an objection has a scope or purposes', path: ['scope'] });

export const staffNewRequestBody = z
  .strictObject({
    type: requestType,
    customerId: z.uuid('must be a customer id (a uuid)').optional(),
    email: z.email('must be an email address').max(254).optional(),
    verified: z
      .boolean()
      .default(false)
      .describe('True when staff have verified the requester (never with copies of ID documents)'),
    lang: z
      .enum(languages)
      .optional()
      .describe(
        'Language of the confirmation email an unverified request by email gets (default en)',
      ),
    ...objectionFields,
  })
  .refine((v) => !v.customerId !== !v.email, {
    message: 'give either customerId or email',
    path: ['customerId'],
  })
  .refine(objectionOnly, { message: 'only an objection has a scope or purposes', path: ['scope'] });

/** Staff decision on an objection on other grounds (Art. 21(1)). */
export const objectionDecisionBody = z.strictObject({
  upheld: z
    .boolean()
    .describe('true: the processing stops; false: compelling legitimate grounds override'),
  reasons: z.string().trim().min(1, 'reasons are required').max(4000),
});

export const reasonsBody = z.strictObject({
  reasons: z.string().trim().min(1, 'reasons are required').max(4000),
});

const isoDate = z.iso.datetime({ offset: true });

export const requestView = z.object({
  id: z.uuid(),
  type: requestType,
  status: z.enum(REQUEST_STATUSES),
  channel: z.enum(REQUEST_CHANNELS),
  receivedAt: isoDate,
  dueAt: isoDate.describe(
    'One month from receipt (from confirmation, for a request that needed it); three months once extended',
  ),
  extension: z.object({ sentAt: isoDate, reasons: z.string() }).nullable(),
  refusal: z
    .object({
      refusedAt: isoDate,
      reasons: z.string(),
      complaint: z.object({ authority: z.string(), url: z.string(), court: z.string() }),
    })
    .nullable(),
  completedAt: isoDate.nullable(),
  steps: z.array(z.object({ step: z.string(), recordedAt: isoDate })),
  notices: z
    .array(z.object({ recipient: z.string(), outcome: z.string(), notifiedAt: isoDate }))
    .describe('Art. 19: each recipient told of a rectification, erasure or restriction'),
  kept: z
    .array(
      z.object({
        category: z.string(),
        retention: z.string().nullable(),
        law: z.string().nullable(),
        until: z.iso.date().nullable(),
        records: z.number().int(),
      }),
    )
    .optional()
    .describe('An erasure: what is kept for accounting (Art. 17(3)(b)), why and until when'),
  heldUntil: isoDate
    .optional()
    .describe(
      'An erasure fulfilled in part (status partial): what legal holds cover is kept until then at the latest (Art. 17(3)(e))',
    ),
});

export const openRequestList = z.object({
  requests: z.array(
    z.object({
      id: z.uuid(),
      type: requestType,
      status: z.enum(REQUEST_STATUSES),
      channel: z.enum(REQUEST_CHANNELS),
      receivedAt: isoDate,
      dueAt: isoDate.describe(
        'One month from confirmation; provisional while the request is unconfirmed',
      ),
      daysLeft: z
        .number()
        .int()
        .nullable()
        .describe(
          'Days to dueAt; null while unconfirmed (the month starts at confirmation) or answered in part',
        ),
      confirmBy: isoDate
        .nullable()
        .describe('An unconfirmed request expires then unless confirmed; null once confirmed'),
      extended: z.boolean(),
      restricted: z
        .boolean()
        .describe("The customer's processing is restricted (Art. 18): their data is only stored"),
      heldUntil: isoDate
        .nullable()
        .describe(
          'Status partial: kept under legal hold until then (Art. 17(3)(e)), erased when it ends',
        ),
    }),
  ),
});

export const errorBody = z.object({
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});

/** Shopify's compliance webhook bodies: only the fields we use are read. */
export const shopifyCustomerWebhook = z.looseObject({
  shop_domain: z.string().max(255).optional(),
  customer: z.looseObject({
    id: z.union([z.number(), z.string()]).optional(),
    email: z.email().max(254),
  }),
});

export const shopifyShopRedact = z.looseObject({ shop_domain: z.string().max(255) });
