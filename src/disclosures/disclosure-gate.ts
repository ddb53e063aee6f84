/**
 * The disclosure gate: the one door through which personal data leaves the store. Every adapter
 * (carriers, Avarda, SMS, WhatsApp, collection) hands its payload here with a recipient key, a
 * purpose key and the subject's pseudonym. The gate
 *
 * 1. refuses a recipient or purpose the manifest does not declare (or declares without a field
 *    list: the gate fails closed),
 * 2. refuses while the subject is restricted (GDPR Art. 18; the check is a hook the restriction
 *    feature provides),
 * 3. drops every payload field the manifest does not list for that recipient and purpose,
 * 4. records the disclosure (recipient, categories, purpose, field names, time, pseudonym: no
 *    personal data) before sending, and marks it sent or failed afterwards,
 * 5. appends `disclosure.sent` to the audit trail (src/audit) in the transaction that marks it,
 *    so the log and the audit agree: an automated disclosure is audited like a staff read.
 *
 * @example
 *   const booking = await gate.disclose(
 *     { recipient: 'posti', purpose: 'order_fulfilment', subject: pseudonym, payload },
 *     (fields) => postiTransport.book(fields),
 *   );
 */
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, ValidationError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import type { AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import * as repo from './disclosures.repository.ts';

export type Recipients = Manifest['recipients'];

/** The manifest does not allow this hand-off, or the subject is restricted. */
export class DisclosureRefusedError extends DomainError {
  constructor(
    readonly reason: 'undeclared_recipient' | 'undeclared_purpose' | 'no_field_list' | 'restricted',
    message: string,
  ) {
    super('forbidden', message);
  }
}

export interface DisclosureRequest<P extends object> {
  recipient: string;
  purpose: string;
  /** The subject's pseudonym: never an email, a name or a customer number. */
  subject: string;
  payload: P;
}

export interface DisclosedFields<P extends object> {
  disclosureId: string;
  /** Only the allowed fields; any other may be absent. */
  fields: Partial<P>;
  categories: string[];
}

export interface DisclosureGate {
  disclose<P extends object, R>(
    request: DisclosureRequest<P>,
    send: (disclosed: DisclosedFields<P>) => Promise<R>,
  ): Promise<R>;
  /** The field names the manifest allows, or a DisclosureRefusedError; sends nothing. */
  allowedFields(
    recipient: string,
    purpose: string,
  ): Promise<{ fields: string[]; categories: string[] }>;
}

export interface DisclosureGateOptions {
  db: Kysely<DB>;
  /** The manifest's recipients; a function so a republished manifest applies at once. */
  recipients: () => Recipients | Promise<Recipients>;
  /**
   * Art. 18 and 21: true while the subject's data may not go to anyone for this purpose (a
   * restriction holds, or an upheld objection stopped the purpose): src/rights/restriction/processing-stops.ts.
   */
  isRestricted?: (subject: string, purpose: string) => Promise<boolean>;
  log?: Logger;
  /** Where each send is audited (src/audit); none in unit tests of the gate alone. */
  audit?: AuditTrail | undefined;
}

/** Pseudonyms are opaque tokens; this refuses anything that looks like contact data. */
const pseudonymPattern = /^[A-Za-z0-9_-]{8,128}$/;

export function createDisclosureGate(options: DisclosureGateOptions): DisclosureGate {
  const isRestricted = options.isRestricted ?? (async () => false);

  async function allowedFields(recipient: string, purpose: string) {
    const recipients = await options.recipients();
    const declared = Object.hasOwn(recipients, recipient) ? recipients[recipient] : undefined;
    if (!declared) {
      throw new DisclosureRefusedError(
        'undeclared_recipient',
        `The privacy manifest declares no recipient "${recipient}".`,
      );
    }
    const disclosure = declared.disclosures.find((d) => d.purpose === purpose);
    if (!disclosure) {
      throw new DisclosureRefusedError(
        'undeclared_purpose',
        `The privacy manifest does not allow disclosures to "${recipient}" for "${purpose}".`,
      );
    }
    if (!disclosure.fields || disclosure.fields.length === 0) {
      throw new DisclosureRefusedError(
        'no_field_list',
        `The privacy manifest lists no fields for "${recipient}" and "${purpose}".`,
      );
    }
    return { fields: [...disclosure.fields], categories: [...disclosure.categories] };
  }

  return {
    allowedFields,
    async disclose(request, send) {
      if (!pseudonymPattern.test(request.subject)) {
        throw new ValidationError("A disclosure needs the subject's pseudonym.");
      }
      const { fields, categories } = await allowedFields(request.recipient, request.purpose);
      if (await isRestricted(request.subject, request.purpose)) {
        throw new DisclosureRefusedError(
          'restricted',
          "Processing of this customer's data is restricted: nothing was sent.",
        );
      }
      const allowed = new Set(fields);
      const payload = request.payload as Record<string, unknown>;
      const kept = Object.keys(payload).filter((k) => allowed.has(k) && payload[k] !== undefined);
      const dropped = Object.keys(payload).filter((k) => !allowed.has(k));
      const disclosed = Object.fromEntries(kept.map((k) => [k, payload[k]])) as Partial<
        typeof request.payload
      >;

      const id = await repo.insertDisclosure(options.db, {
        recipient: request.recipient,
        purpose: request.purpose,
        categories,
        fields: kept,
        subjectPseudonym: request.subject,
      });
      options.log?.info(
        { disclosureId: id, recipient: request.recipient, purpose: request.purpose, dropped },
        'disclosure',
      );
      const settle = (status: 'sent' | 'failed') =>
        options.db.transaction().execute(async (trx) => {
          await repo.markDisclosure(trx, id, status);
          await options.audit?.record(
            {
              actor: { kind: 'system', id: 'disclosure-gate' },
              action: 'disclosure.sent',
              subject: request.subject,
              categories,
              outcome: status === 'sent' ? 'ok' : 'failed',
              detail: {
                disclosureId: id,
                recipient: request.recipient,
                purpose: request.purpose,
                fields: kept.length,
              },
            },
            trx,
          );
        });
      let result: Awaited<ReturnType<typeof send>>;
      try {
        result = await send({ disclosureId: id, fields: disclosed, categories });
      } catch (err) {
        await settle('failed');
        throw err;
      }
      // Outside the try: a failure to record a completed send must not mark it failed.
      await settle('sent');
      return result;
    },
  };
}
