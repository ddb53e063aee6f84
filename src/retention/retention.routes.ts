/**
 * The staff API of retention (`/api/staff/retention…`, for personal API tokens; the console page
 * is src/retention/retention-console.routes.tsx and shows the same):
 *
 * - `GET /api/staff/retention` (`retention.read`): per manifest rule what is due now, held and
 *   next due (the plan of `custodian retention plan`), the last runs with their per-sweep results,
 *   and the holds in force (no reasons: they are sealed);
 * - `POST /api/staff/retention/holds` (`retention.hold`): `{ customer: pseudonym } | { order:
 *   number or id }`, `reason`, `until` (the last day held, YYYY-MM-DD): 201 and the hold;
 * - `POST …/holds/:id/extend` (`{ until }`) and `POST …/holds/:id/release`: the hold.
 *
 * Holds go through HoldService as the CLI's do (same checks, audit entries and mails); the token's
 * holder is the hold's `placedBy` (`api` for the bootstrap token, which names nobody). Refusals
 * are 4xx in the caller's language. Guarded by one call, `staffOnly`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../kit/config.ts';
import type { Database } from '../kit/db/database.ts';
import { readJson } from '../kit/web/request-body.ts';
import type { Vault } from '../kit/vault/vault.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { requireStaff } from '../rights/integrations/staff-token.ts';
import { tokenAuthenticated } from '../staff/staff-api-auth.ts';
import { endOfLastDay, holdInput, localHoldError } from './hold-input.ts';
import type { RetentionServices } from './retention.service.ts';

interface Services {
  config: Config;
  retention: RetentionServices;
  database: Database;
  vault: Vault;
}

const query = z.strictObject({
  runs: z.coerce.number().int().min(1).max(100).default(5),
});

/** The JSON object sent (a JSON value that is no object is no fields: each one is refused). */
async function fields(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const body = await readJson(c);
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** Who acts: the personal token's holder, or `api` for the bootstrap token. */
const actor = (c: Context<AppEnv>) => tokenAuthenticated.get(c.req.raw)?.staffId ?? 'api';

/** HoldService's refusals in the caller's language (they reach the error handler as 4xx). */
async function localized<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw localHoldError(err);
  }
}

export function retentionRoutes(services: Services) {
  const staff = new Hono<AppEnv>();
  const staffOnly = requireStaff(() => services.config.staffApiToken);
  const holds = services.retention.holds;
  staff.use(staffOnly);
  staff.get('/retention', async (c) => {
    const { runs } = query.parse(c.req.query());
    const [plan, lastRuns, list] = await Promise.all([
      services.retention.plan(),
      services.retention.lastRuns(runs),
      holds.list(),
    ]);
    return c.json({ plan, runs: lastRuns, holds: list });
  });
  staff.post('/retention/holds', async (c) => {
    const body = await fields(c);
    const hold = await localized(async () =>
      holds.place(await holdInput(services, body, actor(c))),
    );
    return c.json(hold, 201);
  });
  staff.post('/retention/holds/:id/extend', async (c) => {
    const body = await fields(c);
    const id = c.req.param('id');
    return c.json(await localized(() => holds.extend(id, endOfLastDay(body.until), actor(c))));
  });
  staff.post('/retention/holds/:id/release', async (c) =>
    c.json(await localized(() => holds.release(c.req.param('id'), actor(c)))),
  );
  const app = new Hono<AppEnv>();
  app.route('/api/staff', staff);
  return app;
}
