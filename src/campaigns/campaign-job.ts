/**
 * The job that sends a campaign (the console queues it; `custodian campaign send` runs the same
 * work in the foreground). A worker killed mid-send is retried once its job expires, and the
 * retry resumes after the last committed batch (campaigns.service.ts).
 */
import { z } from 'zod';
import { defineJob } from '../kit/jobs/jobs.ts';

const actor = z.union([
  z.strictObject({ kind: z.literal('staff'), id: z.uuid() }),
  z.strictObject({ kind: z.literal('system'), id: z.string().min(1).max(40) }),
]);

export const sendCampaignJob = defineJob(
  'campaigns.send',
  z.object({ campaignId: z.uuid(), actor }),
  { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 60 * 60 },
);
