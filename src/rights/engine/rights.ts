/**
 * Data-subject requests (GDPR Art. 12–22) as the engine sees them: the request types, the
 * statuses a request moves through, and the names of the steps recorded for it.
 *
 * A request moves `received → verified → running → done`, or ends `refused`. An extension of the
 * deadline (Art. 12(3)) is a recorded step that moves the due date, not a status of its own. An
 * erasure that a legal hold stops in part (Art. 17(3)(e)) is `partial` (fulfilled in part, the
 * person told what was kept and until when) until the hold ends; then it runs on to `done`.
 */
export const REQUEST_TYPES = [
  'access', // Art. 15
  'portability', // Art. 20
  'rectification', // Art. 16
  'erasure', // Art. 17
  'restriction', // Art. 18
  'objection', // Art. 21
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_STATUSES = [
  'received',
  'verified',
  'running',
  'done',
  'refused',
  'expired',
  'partial',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** How the request reached us; Art. 12(3): an electronic request is answered electronically. */
export const REQUEST_CHANNELS = ['self_service', 'email', 'staff', 'shopify'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** Rectification, erasure and restriction are passed on to recipients (Art. 19). */
export const PROPAGATED_TYPES: ReadonlySet<RequestType> = new Set([
  'rectification',
  'erasure',
  'restriction',
]);

/**
 * Portability (Art. 20) covers data the person provided, processed on consent or contract:
 * not what we derived (recommendation pseudonyms, logs, credit decisions).
 */
export const PROVIDED_CATEGORIES: ReadonlySet<string> = new Set([
  'user.name',
  'user.contact.email',
  'user.contact.phone',
  'user.contact.address',
  'user.birthday',
  'user.purchase_history',
  'user.delivery',
  'user.review',
  'user.consent',
  'user.account',
]);

/** Where a person may complain (Art. 12(4), Art. 77), named in every refusal. */
export const COMPLAINT_ROUTE = {
  authority: 'Office of the Data Protection Ombudsman',
  url: 'https://tietosuoja.fi/en/home',
  court: 'You may also bring the matter before a court.',
} as const;

/** The authority's site in the reader's language (its English pages for en only). */
export const COMPLAINT_URL = {
  en: COMPLAINT_ROUTE.url,
  fi: 'https://tietosuoja.fi',
  sv: 'https://tietosuoja.fi/sv',
} as const;

/** The subject of a request: a customer id, or an unregistered requester known by email. */
export type Subject =
  { kind: 'customer'; customerId: string } | { kind: 'email'; emailIndex: string };

export interface RightsRequest {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: RequestChannel;
  subject: Subject;
  receivedAt: Date;
  /** The deadline in force: one month from receipt, or three months once extended. */
  dueAt: Date;
  extendedAt: Date | null;
  extensionReasons: string | null;
  refusedAt: Date | null;
  refusalReasons: string | null;
  completedAt: Date | null;
}

export interface RequestStep {
  step: string;
  recordedAt: Date;
  output: unknown;
}

/**
 * Art. 19 notice to one recipient: `notified` (an adapter passed it on), `manual` (no adapter
 * can: staff pass it on), `impossible` (with the reason, e.g. the recipient no longer exists).
 */
export type NoticeOutcome = 'notified' | 'manual' | 'impossible';
