/**
 * The staff view of retention until the staff console exists: `GET /api/staff/retention` gives,
 * per manifest rule, what is due now, held and next due (the same plan as `custodian retention
 * plan`), the last runs with their per-sweep results, and the holds in force (no reasons: they
 * are sealed). Guarded by one call, `staffOnly`, so staff accounts can replace the token.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../kit/config.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { requireStaff } from '../rights/integrations/staff-token.ts';
import type { RetentionServices } from './retention.service.ts';

interface Services {
  config: Config;
  retention: RetentionServices;
}

const query = z.strictObject({
  runs: z.coerce.number().int().min(1).max(100).default(5),
});

export function retentionRoutes(services: Services) {
  const staff = new Hono<AppEnv>();
  const staffOnly = requireStaff(() => services.config.staffApiToken);
  staff.use(staffOnly);
  staff.get('/retention', async (c) => {
    const { runs } = query.parse(c.req.query());
    const [plan, lastRuns, holds] = await Promise.all([
      services.retention.plan(),
      services.retention.lastRuns(runs),
      services.retention.holds.list(),
    ]);
    return c.json({ plan, runs: lastRuns, holds });
  });
  const app = new Hono<AppEnv>();
  app.route('/api/staff', staff);
  return app;
}
