/**
 * One app process of a two-process test (test/cluster): the real server (`start`, what `serve`
 * runs) on the environment it is given, plus a line-based control channel for what has no HTTP
 * endpoint a test can reach without staff sign-in. stdin takes `{"id","op",...}` lines; stdout
 * answers `{"id", ...}`, and says `{"ready": url}` once serving and `{"ran": jobId}` per test job.
 *
 * Started by `startClusterNode` (test/support/cluster.ts) through tsx.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../../src/kit/config.ts';
import { createLogger } from '../../src/kit/log.ts';
import { start } from '../../src/app/main.ts';
import { defineJob } from '../../src/kit/jobs/jobs.ts';
import { isErased } from '../../src/kit/vault/vault.ts';
import { signedInCustomer } from './customers.ts';

export const clusterPingJob = defineJob('test.cluster-ping', z.object({ n: z.number() }));

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const running = await start(loadConfig(process.env), createLogger('silent'), {
  beforeJobs: (services) =>
    services.jobs.register(clusterPingJob, async (_data, job) => {
      say({ ran: job.id });
    }),
});
const s = running.services;
say({ ready: running.url });

const ops: Record<string, (a: Record<string, string>) => Promise<object>> = {
  customer: async () => {
    const c = await signedInCustomer(s);
    return { customerId: c.id, cookie: c.cookie };
  },
  seal: async (a) => ({
    sealed: await s.vault.seal(s.database.db, a.subject!, 'profile', a.text!),
  }),
  open: async (a) => {
    const opened = await s.vault.open(s.database.db, a.subject!, 'profile', a.sealed!);
    return { opened: isErased(opened) ? null : opened };
  },
  shred: async (a) => {
    await s.vault.shred(s.database.db, a.subject!, 'profile');
    return {};
  },
  restricted: async (a) => ({
    restricted: (await s.processing.stops.of(a.customerId!)).restrictedSince !== null,
  }),
  restrict: async (a) => {
    const request = await s.rights.requests.create({
      type: 'restriction',
      channel: 'staff',
      customerId: a.customerId!,
      verified: true,
    });
    await s.rights.runner.run(request.id);
    return {};
  },
  enqueue: async () => ({ jobId: await s.jobs.send(clusterPingJob, { n: 1 }) }),
};

for await (const line of createInterface({ input: process.stdin })) {
  const message = JSON.parse(line) as Record<string, string>;
  const op = ops[message.op!];
  try {
    if (!op) throw new Error(`unknown op ${message.op}`);
    say({ id: message.id, ...(await op(message)) });
  } catch (err) {
    say({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
}
// stdin closed: the test is done with this process.
await running.stop();
