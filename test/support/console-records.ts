/**
 * Records the staff console's register pages need something to show: a campaign in three
 * languages and a breach found 80 hours ago (late, high risk, with its delay reason). Shared by
 * the page checks (test/pages/html-valid.test.ts, test/staff/console-pages.browser.test.ts).
 */
import type { Services } from '../../src/app/services.ts';

export async function demoCampaign(services: Services, by: string): Promise<string> {
  const campaign = await services.campaigns.create(
    {
      subject: { en: 'Autumn lace', fi: 'Syksyn pitsit', sv: 'Höstens spets' },
      body: { en: 'New lace.', fi: 'Uutta pitsiä.', sv: 'Ny spets.' },
    },
    { kind: 'system', id: by },
  );
  return campaign.id;
}

export async function lateHighRiskBreach(services: Services, by: string): Promise<string> {
  const breach = await services.registers.breaches.record(
    {
      nature: 'availability',
      description: 'A disk failed.',
      discoveredAt: new Date(Date.now() - 80 * 3_600_000),
      categories: ['user.purchase_history'],
      approxPeople: 3,
      approxRecords: 9,
      consequences: ['service_interruption'],
      consequencesText: 'Orders delayed.',
      measures: ['data_restored'],
      measuresText: 'Restored.',
      risk: 'high',
      assessment: 'High.',
      delayReason: 'Found late.',
    },
    { kind: 'system', id: by },
  );
  return breach.id;
}
