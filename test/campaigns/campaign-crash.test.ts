/**
 * A campaign send SIGKILLed halfway, on PGlite and PostgreSQL (P37): a worker process sends in
 * batches of 25 and is killed once 100 subscribers are handled (the kill lands inside the next
 * batch or between two); a second worker resumes. Afterwards every subscriber has exactly one
 * campaign mail in the outbox and one send record: nobody twice, nobody left out.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLocation, type CrashLocation } from '../support/crash-location.ts';
import { runCrashWorker } from '../support/crash-worker.ts';
import { testDbKind } from '../support/database.ts';
import { openStore } from '../rights/crash-store.ts';
import { addSubscribers } from './subscribers.ts';

const worker = path.resolve(import.meta.dirname, 'campaign-crash-worker.ts');
const SUBSCRIBERS = 300;

let location: CrashLocation;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ location, remove } = await crashLocation('custodian-campaign-crash'));
}, 120_000);

afterAll(() => remove());

/** Runs the worker; kills it (SIGKILL) once it reports `killAfter` subscribers handled. */
function runWorker(campaignId: string, killAfter?: number) {
  return runCrashWorker(worker, location, {
    env: { CRASH_CAMPAIGN: campaignId },
    killWhen: killAfter === undefined ? undefined : (line) => Number(line.handled) >= killAfter,
  });
}

describe(`a campaign send killed halfway (${testDbKind})`, () => {
  it('resumes: everyone gets the campaign exactly once', async () => {
    const store = await openStore(location);
    const subscribers = await addSubscribers(store, SUBSCRIBERS);
    const campaign = await store.campaigns.create(
      {
        subject: { en: 'Lace week', fi: 'Pitsiviikko', sv: 'Spetsvecka' },
        body: { en: 'New lace.', fi: 'Uutta pitsiä.', sv: 'Ny spets.' },
      },
      { kind: 'system', id: 'crash-test' },
    );
    await store.database.close();

    const first = await runWorker(campaign.id, 100);
    expect(first.signal).toBe('SIGKILL');
    const killedAt = Number(first.lines.at(-1)?.handled);
    expect(killedAt).toBeGreaterThanOrEqual(100);
    expect(killedAt).toBeLessThan(SUBSCRIBERS);
    const second = await runWorker(campaign.id);
    expect(second.signal).toBeNull();
    expect(second.lines.at(-1)).toMatchObject({ done: 'sent', sent: SUBSCRIBERS });
    // The second worker started after what the first had committed, not from the beginning.
    expect(Number(second.lines[0]?.handled)).toBeGreaterThan(killedAt);

    const check = await openStore(location);
    try {
      const db = check.database.db;
      const mails = await db
        .selectFrom('notify_outbox')
        .select('customer_id')
        .where('template', '=', 'campaign')
        .execute();
      expect(mails).toHaveLength(SUBSCRIBERS);
      expect(new Set(mails.map((m) => m.customer_id))).toEqual(
        new Set(subscribers.map((p) => p.id)),
      );
      const sends = await db
        .selectFrom('campaign_sends')
        .select(['subscription_id', 'outcome'])
        .where('campaign_id', '=', campaign.id)
        .execute();
      expect(sends).toHaveLength(SUBSCRIBERS);
      expect(sends.every((r) => r.outcome === 'sent')).toBe(true);
      expect(await check.campaigns.progress(campaign.id)).toMatchObject({
        status: 'sent',
        audience: SUBSCRIBERS,
        sent: SUBSCRIBERS,
        inDoubt: 0,
      });
    } finally {
      await check.database.close();
    }
  }, 300_000);
});
