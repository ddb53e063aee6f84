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
  /** A signed-in customer's card order of `quantity` of `slug` (size M). */
  order: async (a) => {
    const c = await signedInCustomer(s);
    await s.orders.place({
      lang: 'en',
      customerId: c.id,
      contact: {
        name: 'Kaisa Klusteri',
        email: `kaisa.${c.id.slice(0, 8)}@example.fi`,
        phone: '+358401234567',
        street: 'Puijonkatu 1',
        postalCode: '70100',
        city: 'Kuopio',
      },
      whatsappNotices: false,
      cart: [{ slug: a.slug!, size: 'M', quantity: Number(a.quantity) }],
      carrier: 'posti',
      paymentMethod: 'card',
      cardNumber: '4111 1111 1111 1111',
    });
    return { customerId: c.id };
  },
  review: async (a) => {
    await s.reviews.submit(a.customerId!, a.slug!, { rating: '5', displayName: 'K', text: a.text });
    return {};
  },
  reapply: async () => ({ ...(await s.vault.reapplyShredLedger(s.database.db)) }),
  /** An audit entry, then a checkpoint of the head in this node's file. */
  checkpoint: async () => {
    await s.audit.record({ actor: { kind: 'system', id: 'cluster-test' }, action: 'test.ping' });
    return { checkpoint: (await s.audit.checkpoint()) ?? null };
  },
  verify: async () => {
    const result = await s.audit.verify();
    return { ok: result.ok, checkpoints: result.checkpoints };
  },
  policyVersion: async () => ({ version: s.policy.currentVersion.version }),
  /** Publishes the manifest in force under the next policy.version, as staff would. */
  publish: async () => {
    const manifest = s.policy.manifest;
    const row = await s.policyPublishing.publish({
      significant: false,
      notes: { en: 'Cluster test.', fi: 'Klusteritesti.', sv: 'Klustertest.' },
      manifest: {
        ...manifest,
        policy: { ...manifest.policy, version: manifest.policy.version + 1 },
      },
    });
    return { version: row.version };
  },
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
