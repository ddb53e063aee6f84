/**
 * The links a requester who is not signed in receives by email: `/privacy-center/verify/<secret>`
 * to confirm a request (whoever reads the mailbox is the requester, EDPB 01/2022: no copies of
 * identity documents) and `/privacy-center/download/<secret>` to fetch the answer (Art. 12(3)).
 *
 * The secret is 32 random bytes (base64url) and only its SHA-256 is stored, so a database dump
 * opens nothing. Every way a link can fail (malformed, forged, expired, used up, another
 * purpose's) throws the same {@link InvalidRequestLinkError}: a response never tells them apart.
 *
 * @example
 *   const secret = await links.issue(trx, requestId, 'verify', 'fi');
 *   const { request_id } = await links.use(trx, secret, 'verify'); // once; then it throws
 */
import { hashSecret, isWellFormedSecret, newSecret } from '../../customers/secret-token.ts';
import { DomainError } from '../../kit/errors.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import type { Executor } from '../../core/personal-data-registry.ts';
import * as repo from './request-links.repository.ts';
import type { RequestLinkRow } from './request-links.repository.ts';
import type { RequestLinkPurpose } from './request-links.tables.ts';

/** How long a link works and how many times (a mail scanner may fetch a download link too). */
export const LINK_RULES: Record<RequestLinkPurpose, { hours: number; uses: number }> = {
  verify: { hours: 24, uses: 1 },
  download: { hours: 7 * 24, uses: 5 },
};

export class InvalidRequestLinkError extends DomainError {
  constructor() {
    super('not_found', 'This link has expired or was already used. Please make the request again.');
  }
}

export class RequestLinks {
  readonly #now: () => Date;
  constructor(now?: () => Date) {
    this.#now = now ?? (() => new Date());
  }

  /** A new link for the request; returns the secret for the email (never stored, never logged). */
  async issue(
    db: Executor,
    requestId: string,
    purpose: RequestLinkPurpose,
    lang: Lang,
  ): Promise<string> {
    const now = this.#now();
    const { secret, hash } = newSecret();
    await repo.deleteExpiredLinks(db, now);
    await repo.insertLink(db, {
      token_hash: hash,
      request_id: requestId,
      purpose,
      expires_at: new Date(now.getTime() + LINK_RULES[purpose].hours * 3_600_000),
      uses_left: LINK_RULES[purpose].uses,
      used_at: null,
      lang,
    });
    return secret;
  }

  /** The link if it still works, without using it (a page that asks to confirm). */
  async peek(db: Executor, secret: unknown, purpose: RequestLinkPurpose): Promise<RequestLinkRow> {
    if (!isWellFormedSecret(secret)) throw new InvalidRequestLinkError();
    const row = await repo.findLiveLink(db, hashSecret(secret), purpose, this.#now());
    if (!row) throw new InvalidRequestLinkError();
    return row;
  }

  /** Uses the link once (atomically); throws when it does not work. */
  async use(db: Executor, secret: unknown, purpose: RequestLinkPurpose): Promise<RequestLinkRow> {
    if (!isWellFormedSecret(secret)) throw new InvalidRequestLinkError();
    const row = await repo.useLink(db, hashSecret(secret), purpose, this.#now());
    if (!row) throw new InvalidRequestLinkError();
    return row;
  }
}
