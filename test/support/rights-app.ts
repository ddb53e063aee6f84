/**
 * The whole app in-process (no HTTP port) with real SMTP and a staff token, for tests of the
 * rights engine through its routes.
 *
 * @example
 *   const t = await startRightsApp('staff-token-for-my-tests-0123456789');
 *   const res = await t.postJson('/api/rights/requests', { type: 'restriction' }, { cookie });
 *   await t.stop();
 */
import { createApp } from '../../src/app/app.ts';
import { createTestServices, type TestServices } from './services.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

export interface RightsApp {
  services: TestServices;
  smtp: TestSmtp;
  app: ReturnType<typeof createApp>;
  /** The staff API's authorization header. */
  staff: { authorization: string };
  postJson: (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;
  stop: () => Promise<void>;
}

export async function startRightsApp(staffToken: string): Promise<RightsApp> {
  const smtp = await startSmtp();
  const services = await createTestServices({ STAFF_API_TOKEN: staffToken, SMTP_URL: smtp.url });
  const app = createApp(services);
  return {
    services,
    smtp,
    app,
    staff: { authorization: `Bearer ${staffToken}` },
    postJson: async (path, body, headers = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    stop: async () => {
      await services.close();
      await smtp.stop();
    },
  };
}
