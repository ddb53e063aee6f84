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
import {
  findCustomerByEmailIndex,
  findCustomerById,
  findCustomersByIds,
} from '../customers/customers.repository.ts';
import type { Database } from '../kit/db/database.ts';
import { pseudonymsOfSubject } from '../disclosures/disclosures.personal-data.ts';
import {
  findDisclosuresBySubject,
  findRecipientsOfSubjects,
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
import {
  creditDecisionsOfSubjects,
  findOrder,
  ordersOfSubjects,
} from '../orders/orders.repository.ts';
import { holdsOnSubjects } from '../retention/erasure-holds.ts';
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
  // Art. 17(3)(e): the holds on the customer and on any of the person's orders; for a batch of
  // erasures, two statements for all (their orders, then the holds).
  const holdsOnMany = async (db: Executor, subjects: readonly SubjectRef[]) => {
    const orders = await ordersOfSubjects(db, subjects);
    return holdsOnSubjects(
      db,
      now(),
      subjects.map((s, i) => ({
        customerId: s.customerId,
        orders: orders[i]!.map((o) => ({ id: o.id, subjectId: o.subject_id })),
      })),
    );
  };
  const holdsOn = async (db: Executor, subject: SubjectRef) =>
    (await holdsOnMany(db, [subject]))[0]!;
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
    holdsOn: holdsOnMany,
    verifiedEmailIndexesOf: async (db, customerIds) =>
      (await findCustomersByIds(db, customerIds)).map((c) =>
        c?.email_verified_at ? c.email_index : null,
      ),
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

/**
 * Art. 19: recipients the disclosure log shows actually received each subject's data, in four
 * statements for all of them (their orders and credit decisions, memoised for the holds and what
 * is kept; the pseudonyms of the account and the orders' guest subjects; the log).
 */
export function disclosureLogRecipients(vault: Pick<Vault, 'existingPseudonyms'>): RecipientsOf {
  return async (db, subjects) => {
    const orders = await ordersOfSubjects(db, subjects);
    const decisions = await creditDecisionsOfSubjects(db, subjects);
    const ids = subjects.map(
      (s, i) =>
        new Set([
          ...(s.customerId ? [s.customerId] : []),
          ...orders[i]!.map((o) => o.subject_id),
          ...decisions[i]!.map((d) => d.subject_id),
        ]),
    );
    // Pseudonyms are read, never created here: planning a request must not make one.
    const known = await vault.existingPseudonyms(
      db,
      ids.flatMap((own) => [...own]),
    );
    const pseudonyms = ids.map((own) => [...own].flatMap((id) => known.get(id) ?? []));
    const recipients = await findRecipientsOfSubjects(db, pseudonyms.flat());
    return pseudonyms.map((own) =>
      [...new Set(own.flatMap((p) => recipients.get(p) ?? []))].sort(),
    );
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
