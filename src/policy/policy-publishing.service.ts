/**
 * Publishing a policy version and telling customers of it: the one entry point the staff
 * console and the CLI share. A significant version queues the notice run (`policy.notices`, one
 * job per version across every process); a run a killed worker left unfinished is queued again
 * by `resume()` at start-up, and the run itself skips every customer already recorded.
 */
import { z } from 'zod';
import type { Database } from '../kit/db/database.ts';
import { defineJob, type Jobs } from '../kit/jobs/jobs.ts';
import type { Logger } from '../kit/log.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { Mailer } from '../notify/mailer.ts';
import { PolicyNotices, type NoticeProgress } from './policy-notices.ts';
import type { PolicyService, PolicyVersionRow, PublishInput } from './policy.service.ts';

export const policyNoticesJob = defineJob(
  'policy.notices',
  z.object({ version: z.number().int().positive() }),
  // A run killed with its worker is taken up again after its expiry; the run resumes, never repeats.
  { retryLimit: 5, retryDelaySeconds: 60, expireInSeconds: 3600 },
);

export interface PolicyPublishingDeps {
  policy: PolicyService;
  database: Database;
  vault: Vault;
  mailer: Mailer;
  publicUrl: string;
  jobs: Jobs;
  log: Logger;
  /** Told after every publication (the consent service's cache of the re-ask version). */
  published?: () => void;
}

export interface PolicyPublishing {
  notices: PolicyNotices;
  /** Publishes the manifest with its note; a significant version's notices are queued. */
  publish(request: PublishInput): Promise<PolicyVersionRow>;
  /** Queues the notice runs a stopped process left unfinished (after `jobs.start()`). */
  resume(): Promise<number[]>;
  progress(version: number): Promise<NoticeProgress | undefined>;
}

export function createPolicyPublishing(deps: PolicyPublishingDeps): PolicyPublishing {
  const notices = new PolicyNotices(deps);
  deps.jobs.register(policyNoticesJob, async ({ version }) => {
    const progress = await notices.run(version);
    deps.log.info(
      { policyVersion: version, sent: progress.sent, skipped: progress.done - progress.sent },
      'policy change notices finished',
    );
  });
  const queue = (version: number) =>
    deps.jobs.send(policyNoticesJob, { version }, { singletonKey: `policy-${version}` });
  return {
    notices,
    async publish(request) {
      const row = await deps.policy.publish(request);
      deps.published?.();
      if (row.significant) {
        // The run's row first: progress shows from now on, and resume() finds it after a crash.
        await notices.start(row.version);
        if (deps.jobs.started) await queue(row.version);
      }
      return row;
    },
    async resume() {
      const versions = await notices.unfinished();
      for (const version of versions) await queue(version);
      return versions;
    },
    progress: (version) => notices.progress(version),
  };
}
