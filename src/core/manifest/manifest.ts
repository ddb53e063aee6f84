/**
 * The privacy manifest: the store's privacy policy as data. Everything Custodian says or enforces
 * about personal data (the policy page, the cookie declaration, the records of processing, who
 * may see what, how long data lives, who receives it) is derived from one validated manifest.
 *
 * The zod schema here is the single definition: types come from it, and so does the JSON Schema
 * for editors (`custodian manifest schema`). Cross-references (a purpose naming a category, a
 * recipient naming a purpose) are checked by the linter, which can report every dangling
 * reference at once with its location instead of stopping at the first.
 */
import { z } from 'zod';
import { durationPattern } from './duration.ts';

const localized = z
  .strictObject({ en: z.string().min(1), fi: z.string().min(1), sv: z.string().min(1) })
  .describe('The same text in English, Finnish and Swedish');

const duration = z
  .string()
  .regex(
    new RegExp(`${durationPattern.source}|^session$`),
    'a duration like 30s, 15m, 24h, 30d, 13mo, 6y or "session"',
  );

/** Dotted hierarchical keys, as in fideslang: `user.contact.email`. */
export const categoryKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'a dotted key like user.contact.email');
const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case key like order_delivery');
const email = z.string().email();

/** Legal bases of GDPR Art. 6(1), each citing its point. */
export const legalBases = {
  consent: 'GDPR Art. 6(1)(a)',
  contract: 'GDPR Art. 6(1)(b)',
  legal_obligation: 'GDPR Art. 6(1)(c)',
  vital_interests: 'GDPR Art. 6(1)(d)',
  public_task: 'GDPR Art. 6(1)(e)',
  legitimate_interests: 'GDPR Art. 6(1)(f)',
} as const;
export type LegalBasis = keyof typeof legalBases;

/** Transfer mechanisms of GDPR Chapter V. `privacy_shield` exists so the linter can name it. */
export const transferBases = {
  none_needed: 'Within the EU/EEA: no transfer mechanism needed',
  adequacy: 'Adequacy decision, GDPR Art. 45',
  eu_us_dpf: 'EU–US Data Privacy Framework (adequacy decision of 10 July 2023), GDPR Art. 45',
  scc: 'Standard contractual clauses, GDPR Art. 46(2)(c)',
  bcr: 'Binding corporate rules, GDPR Art. 47',
  derogation: 'Derogation for a specific situation, GDPR Art. 49',
  privacy_shield: 'EU–US Privacy Shield (invalidated by the CJEU, C-311/18, 16 July 2020)',
} as const;
export type TransferBasis = keyof typeof transferBases;

export const consentCategories = [
  'functional',
  'analytics',
  'marketing',
  'personalisation',
] as const;
export type ConsentCategory = (typeof consentCategories)[number];

/**
 * Marketing-communication channels whose consent is asked in the shop (not in the cookie
 * banner): §200 of the Act on Electronic Communications Services needs prior consent for
 * email and SMS marketing.
 */
export const consentChannels = ['newsletter', 'sms', 'whatsapp'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const rights = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'withdraw_consent',
  'complaint',
] as const;
export type Right = (typeof rights)[number];

/**
 * Security measures the software itself keeps, named so a security statement can say which it
 * claims: every claimed measure must have a module implementing it and a test proving it
 * (`custodian conformance`, src/conformance). A statement without measures (where the servers
 * stand) is kept by the organisation, not by this code.
 */
export const securityMeasures = [
  'encryption',
  'key_erasure',
  'pseudonymisation',
  'anonymisation',
  'minimisation',
  'access_by_role',
  'audit_log',
  'backups',
] as const;
export type SecurityMeasure = (typeof securityMeasures)[number];

const address = z.strictObject({
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string().length(2).describe('ISO 3166-1 alpha-2'),
});

/**
 * The written contract of GDPR Art. 28(3) (a processor) or Art. 26 (joint controllers): which
 * version was signed when, and where the signed copy is kept, so the DPO can show it on request.
 */
const agreement = z
  .strictObject({
    kind: z
      .enum(['dpa', 'joint_controller', 'controller_terms'])
      .describe(
        'dpa: a data processing agreement (Art. 28(3)); joint_controller: an Art. 26 arrangement; controller_terms: the terms a separate controller discloses under',
      ),
    title: z.string().min(1).describe('The agreement as the counterparty names it'),
    version: z.string().min(1),
    date: z.iso.date().describe('Date signed or accepted, YYYY-MM-DD'),
    keptAt: z.string().min(1).describe('Where the signed copy is kept'),
  })
  .describe('The contract under which the recipient receives the data');

/** A sub-processor (Art. 28(2), (4)), with its own transfer basis when it sits outside the EU/EEA. */
const subProcessor = z.strictObject({
  name: z.string().min(1),
  service: z.string().min(1).describe('What it does for the recipient'),
  country: z.string().length(2).describe('ISO 3166-1 alpha-2 of where it processes the data'),
  transfer: z
    .enum(Object.keys(transferBases) as [TransferBasis, ...TransferBasis[]])
    .optional()
    .describe('Required when the country is outside the EU/EEA'),
});

export const manifestSchema = z
  .strictObject({
    manifest: z.literal(1).describe('Version of the manifest format'),
    store: z.strictObject({ name: z.string(), url: z.string().url() }),
    controller: z.strictObject({
      name: z.string(),
      businessId: z.string().describe('Business ID (Y-tunnus)'),
      address,
      privacyEmail: email,
      customerServiceEmail: email,
      dpo: z.strictObject({ name: z.string(), email, note: localized.optional() }),
      dataLocation: localized,
      financialYearEnd: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD, e.g. 12-31')
        .optional()
        .describe(
          'Last day of the financial year (MM-DD); retention of accounting data counts from it',
        ),
    }),
    supervisoryAuthority: z.strictObject({
      name: localized,
      url: z.string().url(),
      address: localized.optional().describe('Postal address, as written in each language'),
    }),
    policy: z.strictObject({
      version: z.number().int().positive(),
      date: z.iso.date().describe('Date of the last update, YYYY-MM-DD'),
      significant: z.boolean().describe('Customers are notified and consent is asked again'),
      changes: z
        .array(
          z.strictObject({
            version: z.number().int().positive(),
            date: z.iso.date(),
            significant: z.boolean(),
            summary: localized,
          }),
        )
        .min(1),
    }),
    intro: z.strictObject({ summary: localized, uses: z.array(localized).min(1) }),
    subjects: z.record(key, z.strictObject({ label: localized })),
    sources: z.record(
      key,
      z.strictObject({
        kind: z.enum(['data_subject', 'partner', 'sign_in_provider', 'observed']),
        label: localized,
      }),
    ),
    categories: z.record(
      categoryKey,
      z.strictObject({
        label: localized,
        description: localized.optional(),
        group: z
          .enum(['provided', 'observed'])
          .describe('Provided by the person, or observed and derived'),
        mandatoryForPurchase: z.boolean(),
        sources: z.array(key).min(1),
        retention: key,
        /** The vault scope the fields of this category are encrypted under, if any. */
        vault: z.enum(['profile', 'accounting']).optional(),
      }),
    ),
    retention: z.record(
      key,
      z.strictObject({
        label: localized,
        /** How long, from the anchor. */
        period: duration.or(z.literal('indefinite')),
        anchor: z.enum([
          'collected',
          'last_activity',
          'account_closed',
          'order_completed',
          'financial_year_end',
          'financial_year_calendar_year_end',
          'consent_withdrawn',
        ]),
        action: z.enum(['delete', 'anonymise', 'shred']),
        law: localized
          .optional()
          .describe('The statute that sets the period, if any, by its name in each language'),
      }),
    ),
    purposes: z.record(
      key,
      z.strictObject({
        label: localized,
        description: localized.optional(),
        legalBasis: z.enum(Object.keys(legalBases) as [LegalBasis, ...LegalBasis[]]).optional(),
        legitimateInterest: localized
          .optional()
          .describe('The interest weighed, required with legitimate_interests (Art. 13(1)(d))'),
        /** A consent-based purpose names the cookie category or the channel whose consent it needs. */
        consentCategory: z.enum(consentCategories).optional(),
        consentChannel: z.enum(consentChannels).optional(),
        categories: z.array(categoryKey).min(1),
        /** Categories of data subjects (keys of `subjects`), for the records of processing. */
        subjects: z.array(key).min(1),
        /** Automated decision-making with legal effect (Art. 22), with its meaningful logic. */
        automatedDecision: localized.optional(),
      }),
    ),
    recipients: z.record(
      key,
      z.strictObject({
        name: z
          .string()
          .optional()
          .describe(
            'The legal name of the company, when the policy names one (a proper name: shown as is in every language)',
          ),
        label: localized,
        role: z.enum(['processor', 'controller', 'authority']),
        country: z.string().length(2).describe('ISO 3166-1 alpha-2 of where the data goes'),
        transfer: z.strictObject({
          basis: z.enum(Object.keys(transferBases) as [TransferBasis, ...TransferBasis[]]),
          note: localized.optional(),
        }),
        condition: localized.optional(),
        /**
         * Web origins the store's pages may contact on this recipient's behalf (a tag, a pixel,
         * an embedded widget). `custodian scan` reports a request to any other origin.
         */
        origins: z
          .array(z.string().regex(/^https?:\/\/[^/?#\s]+$/, 'an origin: scheme://host[:port]'))
          .optional()
          .describe(
            "Web origins the store's pages may contact for this recipient (scheme://host[:port]); custodian scan reports requests to any other",
          ),
        agreement: agreement.optional(),
        location: localized
          .optional()
          .describe('Where the recipient processes and stores the data, as told to customers'),
        subProcessors: z
          .array(subProcessor)
          .optional()
          .describe('The processors this recipient engages, as its agreement lists them'),
        disclosures: z
          .array(
            z.strictObject({
              purpose: key,
              categories: z.array(categoryKey).min(1),
              /** Exactly which fields the disclosure gate may send (field names of the adapter payload). */
              fields: z.array(z.string()).optional(),
            }),
          )
          .min(1),
      }),
    ),
    cookies: z.array(
      z.strictObject({
        name: z.string().min(1),
        storage: z.enum(['cookie', 'localStorage', 'sessionStorage', 'pixel']),
        category: z.enum(consentCategories),
        purpose: localized,
        lifetime: duration,
        party: z.enum(['first', 'third']),
        provider: z.string().optional(),
        httpOnly: z.boolean().optional(),
      }),
    ),
    consent: z.strictObject({
      renewAfter: duration.describe('Ask again after this long (CNIL: about 6 months)'),
      categories: z.strictObject(
        Object.fromEntries(
          consentCategories.map((c) => [
            c,
            z.strictObject({ label: localized, description: localized }),
          ]),
        ) as Record<
          ConsentCategory,
          z.ZodObject<{ label: typeof localized; description: typeof localized }>
        >,
      ),
    }),
    roles: z.record(
      key,
      z.strictObject({
        label: localized,
        description: localized.optional(),
        /** Category keys this role may see unmasked; `user.contact.*` covers a subtree. */
        categories: z.array(z.string().regex(/^[a-z][a-z0-9_.]*(\.\*)?$/)),
      }),
    ),
    security: z
      .array(
        localized.extend({
          measures: z
            .array(z.enum(securityMeasures))
            .optional()
            .describe('The measures of this statement the software keeps, each proven by a test'),
        }),
      )
      .min(1),
    rights: z.array(z.enum(rights)).min(1),
  })
  .describe('Custodian privacy manifest');

export type Manifest = z.infer<typeof manifestSchema>;
export type Localized = z.infer<typeof localized>;
export type CategoryKey = string;
export type Cookie = Manifest['cookies'][number];
export type Purpose = Manifest['purposes'][string];
export type Recipient = Manifest['recipients'][string];
export type Agreement = z.infer<typeof agreement>;
export type SubProcessor = z.infer<typeof subProcessor>;
