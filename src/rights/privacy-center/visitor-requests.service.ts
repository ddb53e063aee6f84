/**
 * Requests from people who are not signed in. The person gives an address and a request type;
 * the request is received (address sealed, blind-indexed) and a link is mailed to the address.
 * Opening the link shows a page with a button; pressing it uses the link and verifies the request
 * in one transaction. Whoever reads the mailbox is the requester: no identity documents, ever.
 *
 * Nothing here tells whether an address has an account: the answer, the mail and the work done
 * are the same either way (the request is matched to an account only once verified).
 *
 * @example
 *   await visitors.submit({ type: 'access', email, lang: 'fi' }, clientAddress(c));
 *   const { type } = await visitors.checkVerifyLink(secret); // for the confirm page
 *   await visitors.verify(secret); // the button
 *   const file = await visitors.download(secret); // the answer, from the emailed link
 */
import { z } from 'zod';
import { checkEmail } from '../../customers/account-input.ts';
import type { Database } from '../../kit/db/database.ts';
import { DomainError, ValidationError } from '../../kit/errors.ts';
import type { Logger } from '../../kit/log.ts';
import type { Mailer } from '../../notify/mailer.ts';
import { RateLimits, type Throttle } from '../../kit/web/rate-limit.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import { InvalidRequestLinkError, LINK_RULES, type RequestLinks } from './request-links.ts';
import { findRequest } from '../engine/rights.repository.ts';
import {
  RequestStateError,
  type NewRequest,
  type RightsService,
  type RightsVault,
} from '../engine/rights.service.ts';
import { REQUEST_TYPES, type RequestType } from '../engine/rights.ts';

export interface VisitorRequestDeps {
  database: Database;
  vault: Pick<RightsVault, 'blindIndex'>;
  requests: RightsService;
  links: RequestLinks;
  mailer: Mailer;
  publicUrl: string;
  log: Logger;
  /** Each submission mails someone: per client address and per address asked about. */
  limits?: { byClient: Throttle; byAddress: Throttle };
  /** Counted across app processes on PostgreSQL (src/kit/web/rate-limit.ts); memory if absent. */
  rateLimits?: RateLimits;
}

export interface VisitorSubmission {
  type?: unknown;
  email?: unknown;
  lang: Lang;
  /** An objection's scope and purposes, already checked against the manifest (objections.ts). */
  objection?: NewRequest['objection'];
}

/** Field problems of a submission, as keys the page translates. */
export type VisitorProblem = 'email_required' | 'email_invalid' | 'type_invalid';

export class VisitorInputError extends ValidationError {
  constructor(readonly problems: Partial<Record<'email' | 'type', VisitorProblem>>) {
    const fields: Record<string, string> = {};
    if (problems.email)
      fields.email =
        problems.email === 'email_required' ? 'Required.' : 'Must be an email address.';
    if (problems.type) fields.type = 'Choose one of the request types.';
    super('Please correct the marked fields.', fields);
  }
}

const hour = 3_600_000;

export class VisitorRequestService {
  readonly #limits: { byClient: Throttle; byAddress: Throttle };

  constructor(private readonly deps: VisitorRequestDeps) {
    const limits = deps.rateLimits ?? RateLimits.memory();
    this.#limits = deps.limits ?? {
      byClient: limits.window('dsr-visitor-client', { limit: 20, windowMs: hour }),
      byAddress: limits.window('dsr-visitor-address', { limit: 3, windowMs: hour }),
    };
  }

  /** Receives the request and mails the confirmation link; the same outcome for every address. */
  async submit(input: VisitorSubmission, client: string): Promise<{ requestId: string }> {
    const type = z.enum(REQUEST_TYPES).safeParse(input.type);
    const email = checkEmail(typeof input.email === 'string' ? input.email : undefined);
    const problems: Partial<Record<'email' | 'type', VisitorProblem>> = {};
    if ('problem' in email)
      problems.email = email.problem === 'email_required' ? 'email_required' : 'email_invalid';
    if (!type.success) problems.type = 'type_invalid';
    if (problems.email || problems.type || !type.success || 'problem' in email)
      throw new VisitorInputError(problems);

    const index = this.deps.vault.blindIndex('email', email.email);
    await this.#limits.byClient.attempt([`dsr-visitor:ip:${client}`]);
    await this.#limits.byAddress.attempt([`dsr-visitor:email:${index}`]);

    const view = await this.deps.requests.create({
      type: type.data,
      channel: 'email',
      email: email.email,
      ...(input.objection ? { objection: input.objection } : {}),
      verified: false,
    });
    await this.mailConfirmation(view.id, email.email, input.lang);
    return { requestId: view.id };
  }

  /**
   * Mails the confirmation link of an unverified request to the address it was made from: a
   * visitor's (above) or one staff entered from a letter or call. Whoever reads the mailbox
   * confirms it; until then it does not run.
   */
  async mailConfirmation(requestId: string, email: string, lang: Lang): Promise<void> {
    const secret = await this.deps.links.issue(this.deps.database.db, requestId, 'verify', lang);
    try {
      const mail = await this.deps.mailer.send({
        customerId: requestId,
        to: email,
        template: 'dsr_verify',
        lang,
        vars: {
          // The page opens in the language the request was made in.
          link: this.#url(`/privacy-center/verify/${secret}?lang=${lang}`),
          hours: LINK_RULES.verify.hours,
        },
      });
      this.deps.log.info({ requestId, mailId: mail.id }, 'request confirmation mailed');
    } catch (err) {
      // The request waits unconfirmed (staff see it); the person is asked to try again.
      this.deps.log.warn(
        { requestId, errType: err instanceof Error ? err.name : typeof err },
        'request confirmation could not be mailed',
      );
      throw new DomainError('unavailable', 'The email could not be sent. Please try again later.');
    }
  }

  /** The request a confirmation link is for, while the link works (the confirm page). */
  async checkVerifyLink(secret: unknown): Promise<{ type: RequestType }> {
    const { db } = this.deps.database;
    const link = await this.deps.links.peek(db, secret, 'verify');
    const req = await findRequest(db, link.request_id);
    if (!req || req.status !== 'received') throw new InvalidRequestLinkError();
    return { type: req.type };
  }

  /**
   * Uses the link and verifies its request in one transaction: a crash leaves both or neither,
   * and a second use (a replay, a double click) finds the link used.
   */
  async verify(secret: unknown): Promise<{ requestId: string; type: RequestType }> {
    const { db } = this.deps.database;
    const link = await this.deps.links.peek(db, secret, 'verify');
    try {
      const view = await this.deps.requests.verify(link.request_id, async (trx) => {
        await this.deps.links.use(trx, secret, 'verify');
      });
      return { requestId: view.id, type: view.type };
    } catch (err) {
      // Verified or refused by staff meanwhile: this link has nothing left to do.
      if (err instanceof RequestStateError) throw new InvalidRequestLinkError();
      throw err;
    }
  }

  /** The answer of a finished request, from its emailed download link (each fetch uses it once). */
  async download(
    secret: unknown,
  ): Promise<{ filename: string; contentType: string; bytes: Uint8Array }> {
    const link = await this.deps.links.use(this.deps.database.db, secret, 'download');
    try {
      return await this.deps.requests.packageFor(link.request_id);
    } catch (err) {
      // Erased since, or not finished: the same answer as a link that does not work.
      if (err instanceof DomainError && err.code === 'not_found')
        throw new InvalidRequestLinkError();
      throw err;
    }
  }

  #url(path: string): string {
    return new URL(path, this.deps.publicUrl).toString();
  }
}
