/**
 * Wires the rights engine: the personal-data registry every module registers with, the runner,
 * the request service, and the job that runs requests on the queue.
 *
 * @example
 *   services.rights.registry.register(myModule); // before services.jobs.start()
 */
import { findCustomerByEmailIndex, findCustomerById } from '../customers/customers.repository.ts';
import type { Database } from '../db/database.ts';
import { pseudonymsOfSubject } from '../disclosures/disclosures.personal-data.ts';
import { findDisclosuresBySubject } from '../disclosures/disclosures.repository.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { Logger } from '../log.ts';
import type { Manifest } from '../policy/manifest.ts';
import type { Vault } from '../vault/vault.ts';
import { PersonalDataRegistry, type KeptCategory } from './personal-data-registry.ts';
import { RequestRunner, type RecipientNotifier, type RecipientsOf } from './request-runner.ts';
import { RightsService, runRequestJob } from './rights.service.ts';

export interface RightsServices {
  registry: PersonalDataRegistry;
  runner: RequestRunner;
  requests: RightsService;
}

export interface RightsDeps {
  database: Database;
  vault: Vault;
  jobs: Jobs;
  manifest: () => Manifest;
  log: Logger;
  /** Passes Art. 19 notices on; until adapters exist, every notice is left to staff. */
  notifier?: RecipientNotifier;
  now?: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createRightsServices(deps: RightsDeps): RightsServices {
  const { database, vault, jobs, log } = deps;
  const registry = new PersonalDataRegistry();
  const runner = new RequestRunner({
    database,
    registry,
    sealer: {
      seal: (db, subjectId, text) => vault.seal(db, subjectId, 'profile', text, 'dsr_export'),
    },
    recipientsOf: disclosureLogRecipients(vault),
    notifier: deps.notifier ?? manualNotice,
    keptForAccounting: () => accountingScope(deps.manifest()),
    verifiedEmailIndexOf: async (db, customerId) => {
      // Accounts have uuid ids; any other subject id (tests' demo subjects) has no account.
      if (!UUID.test(customerId)) return null;
      const customer = await findCustomerById(db, customerId);
      return customer?.email_verified_at ? customer.email_index : null;
    },
    log,
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
  return { registry, runner, requests };
}

/** Art. 19: recipients the disclosure log shows actually received the subject's data. */
export function disclosureLogRecipients(vault: Pick<Vault, 'existingPseudonym'>): RecipientsOf {
  return async (db, subject) => {
    // Disclosures are keyed by pseudonym: the account's, and those of the person's guest orders.
    const recipients = new Set<string>();
    for (const pseudonym of await pseudonymsOfSubject(vault, db, subject)) {
      for (const d of await findDisclosuresBySubject(db, pseudonym))
        if (d.status === 'sent') recipients.add(d.recipient);
    }
    return [...recipients].sort();
  };
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
      law: manifest.retention[c.retention]?.law ?? null,
    }))
    .sort((a, b) => a.category.localeCompare(b.category));
}
