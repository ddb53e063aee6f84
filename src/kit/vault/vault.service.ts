/**
 * The vault as the running service builds it: keys from the environment or the key directory,
 * the shred ledger file beside them, and the ledger re-applied before the first request, so a
 * database restored behind the service's back still has every shredded key destroyed.
 */
import type { CacheInvalidations } from '../db/invalidations.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { fileShredLedger } from './shred-ledger.ts';
import {
  createVault,
  loadOrCreateIndexKey,
  loadOrCreateMasterKey,
  loadPendingMasterKey,
  type Vault,
} from './vault.ts';

export async function createConfiguredVault(
  config: Config,
  log: Logger,
  database: Database,
  options: { reapply?: boolean; invalidations?: CacheInvalidations } = {},
): Promise<Vault> {
  const pending = await loadPendingMasterKey(config);
  if (pending) {
    log.warn('a master-key rotation is unfinished: run `custodian vault rotate-key` to finish it');
  }
  const vault = createVault({
    masterKey: await loadOrCreateMasterKey(config),
    indexKey: await loadOrCreateIndexKey(config),
    extraMasterKeys: pending ? [pending] : [],
    ledger: fileShredLedger(config.vaultShredLedger, config.vaultShredLedgerPeers),
    cacheTtlMs: config.vaultCacheTtlMs,
    invalidations: options.invalidations,
  });
  if (options.reapply ?? true) {
    const result = await vault.reapplyShredLedger(database.db);
    if (result.keysDestroyed > 0 || result.linksErased > 0) {
      log.warn(result, 'shred ledger re-applied: destroyed keys that had come back');
    }
  }
  return vault;
}
