/**
 * Wires the rights engine: the personal-data registry every module registers with, the runner,
 * the request service, and the job that runs requests on the queue.
 *
 * @example
 *   services.rights.registry.register(myModule); // before services.jobs.start()
 */
import { auditAccessLog } from '../audit/audit-access-log.ts';
import { sourceNoticeLog } from './source-notices/source-notices.personal-data.ts';
import { openEmail } from '../customers/customer-profile.ts';
import { findCustomerByEmailIndex, findCustomerById } from '../customers/customers.repository.ts';
import type { Database } from '../kit/db/database.ts';
import { pseudonymsOfSubject } from '../disclosures/disclosures.personal-data.ts';
import {
  findDisclosuresBySubject,
  type DisclosureRecord,
} from '../disclosures/disclosures.repository.ts';
import type { Jobs } from '../kit/jobs/jobs.ts';
import type { Logger } from '../kit/log.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { isLang, type Lang } from '../kit/web/i18n.ts';
import { createAccessPackager } from './engine/access-package.ts';
import { asLang, contactFrom, ErasureConfirmation } from './engine/erasure-confirmation.ts';
import {
  PersonalDataRegistry,
  type Executor,
  type KeptCategory,
  type SubjectRef,
} from '../core/personal-data-registry.ts';
import {
  RequestRunner,
  type RecipientNotifier,
  type RecipientsOf,
  type RequestAnswerer,
} from './engine/request-runner.ts';
import { RightsService, runRequestJob } from './engine/rights.service.ts';
import { HeldErasures } from './engine/held-erasures.ts';
import { findOrder, ordersOfSubject } from '../orders/orders.repository.ts';
import { holdsOnSubject } from '../retention/erasure-holds.ts';
import type { LegalHoldSet } from '../core/personal-data-registry.ts';

export interface RightsServices {
  registry: PersonalDataRegistry;
  runner: RequestRunner;
  requests: RightsService;
  /** Erasures a legal hold stopped in part: completed once the hold ends (Art. 17(3)(e)). */
  heldErasures: HeldErasures;
  /** The legal holds in force on a subject now: what an erasure would keep for them. */
  holdsOn: (db: Executor, subject: SubjectRef) => Promise<LegalHoldSet | null>;
  /** The erasure's mails to the person: confirmation, a later hold date, the hold's end. */
  confirmation: ErasureConfirmation;
}

export interface RightsDeps {
  database: Database;
  vault: Vault;
  jobs: Jobs;
  manifest: () => Manifest;
  log: Logger;
  /** Passes Art. 19 notices on; until adapters exist, every notice is left to staff. */
  notifier?: RecipientNotifier;
  /** Mails the answer of a request made by email (request-answer.ts); none: not mailed. */
  answer?: RequestAnswerer;
  /** Sends the erasure confirmation (Art. 12(3), 17); without one it is recorded as not sent. */
  mailer?: Mailer;
  now?: () => Date;
}

export function createRightsServices(deps: RightsDeps): RightsServices {
  const { database, vault, jobs, log } = deps;
  const registry = new PersonalDataRegistry();
  const now = deps.now ?? (() => new Date());
  // Art. 17(3)(e): the holds on the customer and on any of the person's orders.
  const holdsOn = async (db: Executor, subject: SubjectRef) =>
    holdsOnSubject(
      db,
      now(),
      subject.customerId,
      (await ordersOfSubject(db, subject)).map((o) => ({ id: o.id, subjectId: o.subject_id })),
    );
  const confirmation = new ErasureConfirmation({
    database,
    vault,
    registry,
    manifest: deps.manifest,
    contactOf: contactFrom(vault, (db, id) => accountContact(vault, db, id)),
    mailer: deps.mailer,
    orderReferences: async (db, ids) => {
      const refs: string[] = [];
      for (const id of ids) {
        const order = await findOrder(db, id);
        if (order) refs.push(order.reference);
      }
      return refs;
    },
    log,
  });
  const runner = new RequestRunner({
    database,
    registry,
    sealer: {
      seal: (db, subjectId, text) => vault.seal(db, subjectId, 'profile', text, 'dsr_export'),
    },
    recipientsOf: disclosureLogRecipients(vault),
    notifier: deps.notifier ?? manualNotice,
    keptForAccounting: () => accountingScope(deps.manifest()),
    packager: createAccessPackager({
      manifest: deps.manifest,
      disclosuresOf: disclosureLog(vault),
      accessLogOf: auditAccessLog(vault),
      sourceNoticesOf: sourceNoticeLog(vault),
      languageOf: customerLanguage,
    }),
    confirmation,
    holdsOn,
    verifiedEmailIndexOf: async (db, customerId) => {
      const customer = await findCustomerById(db, customerId);
      return customer?.email_verified_at ? customer.email_index : null;
    },
    log,
    ...(deps.answer ? { answer: deps.answer } : {}),
  });
  const requests = new RightsService({
    database,
    vault,
    log,
    customerIdByEmailIndex: async (db, index) => (await findCustomerByEmailIndex(db, index))?.id,
    enqueue: async (requestId) => {
      // Before the queue starts (tests, CLI), the request waits: start-up resumes it.
      if (jobs.started) await jobs.send(runRequestJob, { requestId }, { singletonKey: requestId });
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
  jobs.register(runRequestJob, ({ requestId }) => runner.run(requestId));
  const heldErasures = new HeldErasures({
    database,
    holdsOn,
    run: (requestId) => runner.run(requestId),
    tellLater: (requestId, until) => confirmation.sendHoldExtended(requestId, until),
    log,
  });
  return { registry, runner, requests, heldErasures, holdsOn, confirmation };
}

/** Art. 19: recipients the disclosure log shows actually received the subject's data. */
export function disclosureLogRecipients(vault: Pick<Vault, 'existingPseudonym'>): RecipientsOf {
  const log = disclosureLog(vault);
  return async (db, subject) => {
    // Pseudonyms are read, never created here: planning a request must not make one.
    const sent = (await log(db, subject)).filter((d) => d.status === 'sent');
    return [...new Set(sent.map((d) => d.recipient))].sort();
  };
}

/**
 * Art. 15(1)(c): the disclosure log about a customer, read under their pseudonym without
 * creating one; an email-only requester has none.
 */
export function disclosureLog(vault: Pick<Vault, 'existingPseudonym'>) {
  return async (db: Executor, subject: SubjectRef): Promise<DisclosureRecord[]> => {
    // Keyed by pseudonym: the account's, and those of the person's guest orders.
    const records: DisclosureRecord[] = [];
    for (const pseudonym of await pseudonymsOfSubject(vault, db, subject))
      records.push(...(await findDisclosuresBySubject(db, pseudonym)));
    return records;
  };
}

/** The language the customer chose for their account; English otherwise. */
async function customerLanguage(db: Executor, subject: SubjectRef): Promise<Lang> {
  if (!subject.customerId) return 'en';
  const lang = (await findCustomerById(db, subject.customerId))?.lang;
  return isLang(lang) ? lang : 'en';
}

/** The account's address and language, while it exists. */
async function accountContact(vault: Vault, db: Executor, customerId: string) {
  const row = await findCustomerById(db, customerId);
  const email = row ? await openEmail(vault, db, row) : undefined;
  return row && email ? { email, lang: asLang(row.lang) } : undefined;
}

const manualNotice: RecipientNotifier = async () => ({
  outcome: 'manual',
  detail: 'No adapter passes notices to this recipient yet: customer service passes it on.',
});

/** Categories sealed under the accounting key stay until their Accounting Act period ends. */
export function accountingScope(manifest: Manifest): KeptCategory[] {
  return Object.entries(manifest.categories)
    .filter(([, c]) => c.vault === 'accounting')
    .map(([category, c]) => ({
      category,
      retention: c.retention,
      law: manifest.retention[c.retention]?.law?.en ?? null,
    }))
    .sort((a, b) => a.category.localeCompare(b.category));
}
