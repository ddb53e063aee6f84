/**
 * Everything that hands personal data to a recipient outside the store: the disclosure gate and
 * the adapters built on it, each over its local simulator. A deployment that talks to the real
 * services swaps the transports; the gate and the adapters stay.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { Logger } from '../kit/log.ts';
import type { AuditTrail } from '../core/audit-trail.ts';
import {
  AvardaCreditSimulator,
  type IdentityCodeBirthDate,
} from './adapters/avarda-credit.simulator.ts';
import {
  createAvardaCreditAdapter,
  type AvardaCreditAdapter,
} from './adapters/avarda-credit.adapter.ts';
import { AvardaPaymentsSimulator } from './adapters/avarda-payments.simulator.ts';
import {
  createAvardaPaymentsAdapter,
  type AvardaPaymentsAdapter,
} from './adapters/avarda-payments.adapter.ts';
import {
  CarrierSimulator,
  createCarrierAdapter,
  type CarrierAdapter,
} from './adapters/carrier.adapter.ts';
import {
  CollectionSimulator,
  createCollectionAdapter,
  type CollectionAdapter,
} from './adapters/collection.adapter.ts';
import {
  MessagingSimulator,
  createMessagingAdapter,
  type MessagingAdapter,
} from './adapters/messaging.adapter.ts';
import { createDisclosureGate, type DisclosureGate, type Recipients } from './disclosure-gate.ts';
import { findDisclosuresBySubject, type DisclosureRecord } from './disclosures.repository.ts';

export interface DisclosureServices {
  gate: DisclosureGate;
  carriers: CarrierAdapter;
  payments: AvardaPaymentsAdapter;
  credit: AvardaCreditAdapter;
  messaging: MessagingAdapter;
  collection: CollectionAdapter;
  /** The local stand-ins, so tests and the demo can see what each recipient received. */
  simulators: {
    carriers: CarrierSimulator;
    payments: AvardaPaymentsSimulator;
    credit: AvardaCreditSimulator;
    messaging: MessagingSimulator;
    collection: CollectionSimulator;
  };
  /** The disclosures about one subject (for the access export and Art. 19 propagation). */
  ofSubject(subjectPseudonym: string): Promise<DisclosureRecord[]>;
}

export interface DisclosureServicesOptions {
  db: Kysely<DB>;
  recipients: () => Recipients | Promise<Recipients>;
  birthDateOf: IdentityCodeBirthDate;
  isRestricted?: (subject: string, purpose: string) => Promise<boolean>;
  log?: Logger;
  now?: () => Date;
  /** Audits each send (src/audit). */
  audit?: AuditTrail | undefined;
}

export function createDisclosureServices(options: DisclosureServicesOptions): DisclosureServices {
  const gate = createDisclosureGate(options);
  const simulators = {
    carriers: new CarrierSimulator(),
    payments: new AvardaPaymentsSimulator(),
    credit: new AvardaCreditSimulator(options.birthDateOf, options.now),
    messaging: new MessagingSimulator(),
    collection: new CollectionSimulator(),
  };
  return {
    gate,
    carriers: createCarrierAdapter(gate, simulators.carriers),
    payments: createAvardaPaymentsAdapter(gate, simulators.payments),
    credit: createAvardaCreditAdapter(gate, simulators.credit),
    messaging: createMessagingAdapter(gate, simulators.messaging),
    collection: createCollectionAdapter(gate, simulators.collection),
    simulators,
    ofSubject: (subject) => findDisclosuresBySubject(options.db, subject),
  };
}
