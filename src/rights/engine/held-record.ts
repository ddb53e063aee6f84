/**
 * What an erasure waiting on legal holds (`partial`, GDPR Art. 17(3)(e)) has recorded about them:
 * the `held` step (the holds and the date the person was told when the erasure ran), then one
 * `held-update:<n>` step per later change (held-erasures.ts `announce`): a hold placed or extended
 * past that date, with the new date and whether she was mailed it. The latest record says the
 * date she was last told and the holds the request waits on; the staff queue, the request view
 * and the hold list read it from here.
 *
 * @example
 *   const latest = latestHeld(steps); // { until: '2031-12-31T00:00:00.000Z', holds: [...] }
 */

/** The output of `held` and of each `held-update:<n>` step. */
export interface HeldRecord {
  /** The latest end date the person has been told (ISO). */
  until: string;
  /** The holds the erasure waits on, as last seen. */
  holds: string[];
  /** `held-update` only: the mail of the later date (absent when the date did not change). */
  told?: { sent: boolean; via?: string; reason?: string };
}

export const HELD_UPDATE = 'held-update:';

export function isHeldRecord(step: string): boolean {
  return step === 'held' || step.startsWith(HELD_UPDATE);
}

/** The latest held record among steps listed oldest first; undefined when there is none. */
export function latestHeld(
  steps: readonly { step: string; output?: unknown }[],
): HeldRecord | undefined {
  let latest: HeldRecord | undefined;
  for (const s of steps) {
    const out = s.output as Partial<HeldRecord> | null | undefined;
    if (isHeldRecord(s.step) && typeof out?.until === 'string')
      latest = {
        until: out.until,
        holds: out.holds ?? [],
        ...(out.told ? { told: out.told } : {}),
      };
  }
  return latest;
}
