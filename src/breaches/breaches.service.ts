/**
 * The breach register (policy P12; GDPR Art. 33, 34). Staff record every suspected breach with
 * its facts, effects, remedial action and the reasoning about the risk; nothing removes one. The
 * 72-hour clock runs from discovery (breach-clock.ts); the authority's notification text comes
 * from the record (authority-notification.ts), and marking it sent after the 72 hours needs the
 * reasons for the delay. Where the risk to people is high, the people affected, found through
 * the disclosure log, the audit log or the tables that hold a category, are each told once in
 * their own language through the mailer; each notice is recorded under the person's pseudonym.
 *
 * Crash safety: a notice is claimed (`sending`) before its mail goes and settled after, so a run
 * that stops halfway resumes: settled people are skipped, a claimed one is sent again (at least
 * once, never silently dropped). Every staff action is audited in the transaction that makes it.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditTrail } from '../core/audit-trail.ts';
import type { Manifest } from '../core/manifest/manifest.ts';
import type { DB } from '../kit/db/schema.ts';
import { DomainError, NotFoundError, ValidationError } from '../kit/errors.ts';
import type { Lang } from '../kit/web/i18n.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { Breach } from './breach.ts';
import { clockOf, isLate, type ClockState } from './breach-clock.ts';
import { consequenceWords, measureWords, natureWords } from './breach-codes.ts';
import type { AffectedInput, AuthorityNoticeInput, BreachInput } from './breach-input.ts';
import { authorityNotification } from './authority-notification.ts';
import * as repo from './breaches.repository.ts';

export interface BreachServiceDeps {
  db: Kysely<DB>;
  vault: Pick<Vault, 'pseudonym' | 'subjectOfPseudonym'>;
  mailer: Pick<Mailer, 'send'>;
  /** The address and language to write to, or undefined when the person or address is erased. */
  contactOf: (subjectId: string) => Promise<{ email: string; lang: Lang } | undefined>;
  manifest: () => Manifest;
  audit: AuditTrail;
  now?: () => Date;
}

export interface BreachView {
  breach: Breach;
  clock: ClockState;
}

export interface NoticeRun {
  found: number;
  sent: number;
  unreachable: number;
  /** Told in an earlier run. */
  already: number;
}

/** Categories held on the account itself, and those held with orders. */
const accountCategories = /^user\.(name|contact\..+|account|birthday|sign_in)$/;
const orderCategories = /^user\.(purchase_history|financial\.billing|delivery)$/;

export function toBreach(r: repo.BreachRow): Breach {
  return {
    id: r.id,
    nature: r.nature,
    description: r.description,
    occurredAt: r.occurred_at,
    discoveredAt: r.discovered_at,
    recordedAt: r.recorded_at,
    categories: r.categories,
    approxPeople: r.approx_people,
    approxRecords: r.approx_records,
    consequences: r.consequences as Breach['consequences'],
    consequencesText: r.consequences_text,
    measures: r.measures as Breach['measures'],
    measuresText: r.measures_text,
    risk: r.risk,
    assessment: r.assessment,
    delayReason: r.delay_reason,
    authorityNotifiedAt: r.authority_notified_at,
    authorityReference: r.authority_reference,
    peopleNotified: r.people_notified,
    peopleUnreachable: r.people_unreachable,
    recordedBy: r.recorded_by,
  };
}

const actorId = (a: AuditActor) => (a.kind === 'api-token' ? a.staffId : a.id);

export class BreachService {
  private readonly now: () => Date;
  constructor(private readonly deps: BreachServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Records a breach. Recorded after the 72 hours with a risk, it needs the delay's reasons. */
  async record(input: BreachInput, actor: AuditActor): Promise<Breach> {
    const now = this.now();
    const known = this.deps.manifest().categories;
    const unknown = input.categories.filter((c) => !Object.hasOwn(known, c));
    if (unknown.length > 0) {
      throw new ValidationError('A category is not in the privacy manifest.', {
        categories: 'Choose categories of the privacy manifest.',
      });
    }
    if (input.discoveredAt.getTime() > now.getTime()) {
      throw new ValidationError('The discovery cannot be in the future.', {
        discoveredAt: 'Not in the future.',
      });
    }
    if (input.occurredAt && input.occurredAt.getTime() > input.discoveredAt.getTime()) {
      throw new ValidationError('A breach cannot occur after its discovery.', {
        occurredAt: 'Not after the discovery.',
      });
    }
    if (input.risk !== 'unlikely' && isLate(input.discoveredAt, now) && !input.delayReason) {
      throw new ValidationError(
        'More than 72 hours have passed since the discovery: give the reasons for the delay (GDPR Art. 33(1)).',
        { delayReason: 'Required after 72 hours.' },
      );
    }
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertBreach(trx, {
        nature: input.nature,
        description: input.description,
        occurred_at: input.occurredAt ?? null,
        discovered_at: input.discoveredAt,
        recorded_at: now,
        categories: [...new Set(input.categories)],
        approx_people: input.approxPeople,
        approx_records: input.approxRecords,
        consequences: [...new Set(input.consequences)],
        consequences_text: input.consequencesText,
        measures: [...new Set(input.measures)],
        measures_text: input.measuresText,
        risk: input.risk,
        assessment: input.assessment,
        delay_reason: input.delayReason ?? null,
        recorded_by: actorId(actor),
      });
      await this.deps.audit.record(
        {
          actor,
          action: 'breach.record',
          categories: input.categories,
          detail: { breachId: id, risk: input.risk, people: input.approxPeople },
        },
        trx,
      );
      return id;
    });
    return this.get(id);
  }

  async get(id: string): Promise<Breach> {
    const row = await repo.findBreach(this.deps.db, id);
    if (!row) throw new NotFoundError('The breach');
    return toBreach(row);
  }

  async view(id: string): Promise<BreachView> {
    const breach = await this.get(id);
    return { breach, clock: clockOf(breach, this.now()) };
  }

  async list(limit = 200): Promise<BreachView[]> {
    const now = this.now();
    return (await repo.listBreaches(this.deps.db, limit)).map((r) => {
      const breach = toBreach(r);
      return { breach, clock: clockOf(breach, now) };
    });
  }

  /** The notification to the Ombudsman, as it would go now (or as it went). */
  async notificationText(id: string, lang: Lang): Promise<string> {
    const breach = await this.get(id);
    const m = this.deps.manifest();
    return authorityNotification(
      breach,
      {
        controller: {
          name: m.controller.name,
          businessId: m.controller.businessId,
          email: m.controller.privacyEmail,
        },
        dpo: { name: m.controller.dpo.name, email: m.controller.dpo.email },
        authority: m.supervisoryAuthority.name[lang],
        categoryLabel: (c) => m.categories[c]?.label[lang] ?? c,
      },
      lang,
      breach.authorityNotifiedAt ?? this.now(),
    );
  }

  /** Records that the authority was told; after the 72 hours only with the delay's reasons. */
  async markAuthorityNotified(
    id: string,
    input: AuthorityNoticeInput,
    actor: AuditActor,
  ): Promise<Breach> {
    const at = input.at ?? this.now();
    if (at.getTime() > this.now().getTime()) {
      throw new ValidationError('The notification time cannot be in the future.', {
        at: 'Not in the future.',
      });
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await repo.lockBreach(trx, id);
      if (!row) throw new NotFoundError('The breach');
      if (row.authority_notified_at) {
        throw new DomainError('conflict', 'The authority was already recorded as notified.');
      }
      if (at.getTime() < row.discovered_at.getTime()) {
        throw new ValidationError('The notification cannot come before the discovery.', {
          at: 'Not before the discovery.',
        });
      }
      const late = isLate(row.discovered_at, at);
      const reason = input.delayReason ?? row.delay_reason;
      if (late && !reason) {
        throw new ValidationError(
          'The notification is after the 72 hours: give the reasons for the delay (GDPR Art. 33(1)).',
          { delayReason: 'Required after 72 hours.' },
        );
      }
      await repo.markAuthorityNotified(trx, id, {
        at,
        reference: input.reference ?? null,
        delayReason: input.delayReason ?? null,
      });
      await this.deps.audit.record(
        { actor, action: 'breach.authority_notified', detail: { breachId: id, late } },
        trx,
      );
    });
    return this.get(id);
  }

  /**
   * Art. 34: tells each person found once, in their language. Only for a high-risk breach; the
   * category must be one the breach concerns.
   */
  async notifyPeople(id: string, how: AffectedInput, actor: AuditActor): Promise<NoticeRun> {
    const breach = await this.get(id);
    if (breach.risk !== 'high') {
      throw new DomainError(
        'conflict',
        'Only a high-risk breach is told to the people affected (GDPR Art. 34(1)).',
      );
    }
    const pseudonyms = await this.affected(breach, how);
    const run: NoticeRun = { found: pseudonyms.length, sent: 0, unreachable: 0, already: 0 };
    for (const pseudonym of pseudonyms) {
      const outcome = await this.tell(breach, pseudonym);
      run[outcome]++;
    }
    await this.deps.audit.record({
      actor,
      action: 'breach.people_notified',
      categories: breach.categories,
      detail: {
        breachId: id,
        by: how.by,
        found: run.found,
        sent: run.sent,
        unreachable: run.unreachable,
      },
    });
    return run;
  }

  /** The pseudonyms of the people a finder names, deduplicated and sorted. */
  private async affected(breach: Breach, how: AffectedInput): Promise<string[]> {
    const { db, vault } = this.deps;
    const from = how.from ?? breach.occurredAt ?? new Date(0);
    const to = how.to ?? breach.discoveredAt;
    let pseudonyms: string[];
    if (how.by === 'disclosure') {
      if (!Object.hasOwn(this.deps.manifest().recipients, how.key)) {
        throw new ValidationError('The privacy manifest declares no such recipient.', {
          key: 'A recipient of the manifest.',
        });
      }
      pseudonyms = await repo.pseudonymsDisclosedTo(db, how.key, from, to);
    } else if (how.by === 'audit') {
      pseudonyms = await repo.pseudonymsInAudit(db, how.key, from, to);
    } else {
      if (!breach.categories.includes(how.key)) {
        throw new ValidationError('The breach does not concern this category.', {
          key: 'One of the breach’s categories.',
        });
      }
      const before = breach.occurredAt ?? breach.discoveredAt;
      const ids = accountCategories.test(how.key)
        ? await repo.accountsCreatedBefore(db, before)
        : orderCategories.test(how.key)
          ? await repo.buyersBefore(db, before)
          : undefined;
      if (!ids) {
        throw new ValidationError(
          'No query finds the holders of this category: find the people through the disclosure or audit log.',
          { key: 'Use the disclosure or audit log.' },
        );
      }
      pseudonyms = [];
      for (const subjectId of ids) pseudonyms.push(await vault.pseudonym(db, subjectId));
    }
    return [...new Set(pseudonyms)].sort();
  }

  private async tell(
    breach: Breach,
    pseudonym: string,
  ): Promise<'sent' | 'unreachable' | 'already'> {
    const { db } = this.deps;
    const existing = await repo.findNotice(db, breach.id, pseudonym);
    if (existing && existing.status !== 'sending') return 'already';
    if (!existing && !(await repo.claimNotice(db, breach.id, pseudonym))) return 'already';
    const subjectId = await this.deps.vault.subjectOfPseudonym(db, pseudonym);
    // An erased person's pseudonym leads nowhere, or their address is shredded: not mailed.
    const contact = subjectId ? await this.deps.contactOf(subjectId) : undefined;
    if (!contact || !subjectId) {
      await db.transaction().execute((trx) =>
        repo.settleNotice(trx, breach.id, pseudonym, {
          status: 'unreachable',
          lang: null,
          mailId: null,
        }),
      );
      return 'unreachable';
    }
    const mail = await this.deps.mailer.send({
      customerId: subjectId,
      to: contact.email,
      template: 'breach_notice',
      lang: contact.lang,
      vars: this.noticeVars(breach, contact.lang),
    });
    await db.transaction().execute((trx) =>
      repo.settleNotice(trx, breach.id, pseudonym, {
        status: 'sent',
        lang: contact.lang,
        mailId: mail.id,
      }),
    );
    return 'sent';
  }

  private noticeVars(b: Breach, lang: Lang) {
    const m = this.deps.manifest();
    const locale = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE' }[lang];
    const none = {
      en: '- we are still assessing this',
      fi: '- selvitämme asiaa vielä',
      sv: '- vi utreder det fortfarande',
    }[lang];
    const bullets = (lines: string[]) =>
      lines.length ? lines.map((l) => `- ${l}`).join('\n') : none;
    return {
      discovered: new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/Helsinki',
      }).format(b.discoveredAt),
      nature: natureWords[b.nature][lang],
      data: b.categories.map((c) => m.categories[c]?.label[lang] ?? c).join(', '),
      consequences: bullets(b.consequences.map((c) => consequenceWords[c][lang])),
      measures: bullets(b.measures.map((c) => measureWords[c][lang])),
      dpo: `${m.controller.dpo.name}, ${m.controller.dpo.email}`,
    };
  }

  /** The people told (pseudonyms and status, no address). */
  notices(id: string): Promise<repo.NoticeRow[]> {
    return repo.noticesOf(this.deps.db, id);
  }
}
