/**
 * The small demo set a fresh `npm start` gets: 25 customers, once. "Once" is the first demo
 * customer's account: when it exists (or any customer does, in a store with real data), nothing
 * is seeded, so restarts stay fast and a real store is never touched.
 */
import type { Config } from '../kit/config.ts';
import { loadOrCreateIndexKey, loadOrCreateMasterKey } from '../kit/vault/master-key.ts';
import type { ConsentService } from '../consent/consent.service.ts';
import type { Database } from '../kit/db/database.ts';
import type { PolicyService } from '../policy/policy.service.ts';
import type { ShopServices } from '../shop/shop.service.ts';
import type { Vault } from '../kit/vault/vault.ts';
import { countCustomers, existingEmailIndexes } from './seed.repository.ts';
import { demoSignIns, seedCustomers, type SeedDeps } from './seed.service.ts';

/** What these routes use of the app's services (src/app/services.ts hands over the whole set). */
interface Services {
  config: Config;
  consent: ConsentService;
  database: Database;
  policy: PolicyService;
  shop: ShopServices;
  vault: Vault;
}

export const DEMO_CUSTOMERS = 25;

export function seedDeps(services: Services): SeedDeps {
  return {
    db: services.database.db,
    vault: services.vault,
    consent: services.consent,
    products: () => services.shop.catalog.all(),
    policyVersion: async () => services.policy.currentVersion.version,
    databaseUrl: services.database.url,
    // The keys the app's vault was built from (src/kit/vault/vault.service.ts), for seed workers.
    vaultKeys: async () => ({
      masterKey: await loadOrCreateMasterKey(services.config),
      indexKey: await loadOrCreateIndexKey(services.config),
    }),
  };
}

/** Seeds the demo set into an empty store; the demo sign-ins, or none in a store without them. */
export async function seedDemoOnce(
  services: Services,
): Promise<{ email: string; password: string }[]> {
  const signIns = demoSignIns(3);
  const first = services.vault.blindIndex('email', signIns[0]!.email);
  const db = services.database.db;
  if ((await existingEmailIndexes(db, [first])).size > 0) return signIns;
  if ((await countCustomers(db)) > 0) return [];
  await seedCustomers(seedDeps(services), { customers: DEMO_CUSTOMERS });
  return signIns;
}
