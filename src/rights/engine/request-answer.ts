/**
 * Art. 12(3): a request made by email is answered by email. For a finished access or portability
 * request the runner's `answer` step calls this: it opens the requester's address from the vault
 * (subject `request:<id>`), issues a download link (7 days, a few uses) and mails it in the
 * language the request was made in. Logs carry the request and mail ids, never the address.
 */
import type { Database } from '../../kit/db/database.ts';
import type { Logger } from '../../kit/log.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { RequestAnswerer } from './request-runner.ts';
import { LINK_RULES, type RequestLinks } from '../privacy-center/request-links.ts';
import { langOfRequest } from '../privacy-center/request-links.repository.ts';
import type { RightsVault } from './rights.service.ts';

export interface AnswerDeps {
  database: Database;
  vault: Pick<RightsVault, 'open'>;
  mailer: Mailer;
  links: RequestLinks;
  publicUrl: string;
  log: Logger;
}

export function mailAnswer(deps: AnswerDeps): RequestAnswerer {
  return async (req) => {
    const { db } = deps.database;
    const to = req.email_sealed
      ? await deps.vault.open(db, `request:${req.id}`, 'profile', req.email_sealed, 'email')
      : undefined;
    // The address was erased meanwhile: nobody left to answer; recorded as such.
    if (typeof to !== 'string') return { mailed: false };
    const lang = (await langOfRequest(db, req.id)) ?? 'en';
    const secret = await deps.links.issue(db, req.id, 'download', lang);
    const rules = LINK_RULES.download;
    const mail = await deps.mailer.send({
      // The outbox (no SMTP) seals under this subject: the customer's key once linked.
      customerId: req.customer_id ?? req.id,
      to,
      template: 'dsr_answer',
      lang,
      vars: {
        link: new URL(`/privacy-center/download/${secret}?lang=${lang}`, deps.publicUrl).toString(),
        days: rules.hours / 24,
        uses: rules.uses,
      },
    });
    deps.log.info({ requestId: req.id, mailId: mail.id }, 'data-subject request answer mailed');
    return { mailed: true, via: mail.via };
  };
}
