/** What the API shows of a request: ids, dates, reasons and steps, never personal data. */
import { latestHeld } from './held-record.ts';
import type { KeptSummary } from './kept-records.ts';
import type { RequestRow } from './rights.repository.ts';
import {
  COMPLAINT_ROUTE,
  type NoticeOutcome,
  type RequestChannel,
  type RequestStatus,
  type RequestType,
} from './rights.ts';

export interface RequestView {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: RequestChannel;
  receivedAt: string;
  dueAt: string;
  extension: { sentAt: string; reasons: string } | null;
  refusal: {
    refusedAt: string;
    reasons: string;
    complaint: typeof COMPLAINT_ROUTE;
  } | null;
  completedAt: string | null;
  steps: { step: string; recordedAt: string }[];
  notices: { recipient: string; outcome: string; notifiedAt: string }[];
  /** An erasure: what is kept for accounting, by category, law and end date (`capture` step). */
  kept?: KeptSummary[];
  /**
   * An erasure fulfilled in part (`partial`): what legal holds cover is kept until this date at
   * the latest (ISO; Art. 17(3)(e)), then erased.
   */
  heldUntil?: string;
}

export interface OpenRequestSummary {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: RequestChannel;
  receivedAt: string;
  dueAt: string;
  /** Days to `dueAt`; null while unconfirmed (the month starts at confirmation). */
  daysLeft: number | null;
  /** An unconfirmed request expires then; null once confirmed. */
  confirmBy: string | null;
  extended: boolean;
  /** The customer's processing is restricted now (Art. 18): their data is only stored. */
  restricted: boolean;
  /** `partial`: kept under legal hold until (ISO), then erased; null otherwise. */
  heldUntil: string | null;
}

/** The staff's reasons, opened from the vault (`(erased)` once the request's key was shredded). */
export interface OpenedReasons {
  extension: string | null;
  refusal: string | null;
}

export function toView(
  row: RequestRow,
  steps: { step: string; recorded_at: Date; output?: unknown }[],
  notices: { recipient: string; outcome: NoticeOutcome; notified_at: Date }[],
  reasons: OpenedReasons = { extension: null, refusal: null },
): RequestView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    channel: row.channel,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    extension:
      row.extended_at && reasons.extension !== null
        ? { sentAt: row.extended_at.toISOString(), reasons: reasons.extension }
        : null,
    refusal:
      row.refused_at && reasons.refusal !== null
        ? {
            refusedAt: row.refused_at.toISOString(),
            reasons: reasons.refusal,
            complaint: COMPLAINT_ROUTE,
          }
        : null,
    completedAt: row.completed_at?.toISOString() ?? null,
    steps: steps.map((s) => ({ step: s.step, recordedAt: s.recorded_at.toISOString() })),
    notices: notices.map((n) => ({
      recipient: n.recipient,
      outcome: n.outcome,
      notifiedAt: n.notified_at.toISOString(),
    })),
    ...keptOf(steps),
    ...heldOf(row, steps),
  };
}

/** The date last told the person (the `held` step's, or a later one's), while the request waits. */
function heldOf(
  row: RequestRow,
  steps: { step: string; output?: unknown }[],
): { heldUntil?: string } {
  if (row.status !== 'partial') return {};
  const held = latestHeld(steps);
  return held ? { heldUntil: held.until } : {};
}

function keptOf(steps: { step: string; output?: unknown }[]): { kept?: KeptSummary[] } {
  const capture = steps.find((s) => s.step === 'capture')?.output as
    { kept?: KeptSummary[] } | null | undefined;
  return capture?.kept ? { kept: capture.kept } : {};
}
