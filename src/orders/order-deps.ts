/** What the order feature needs from the rest of the system. */
import type { Kysely } from 'kysely';
import type { DB } from '../kit/db/schema.ts';
import type { ThirdPartyNotices } from '../core/third-party-data.ts';
import type { DisclosureServices } from '../disclosures/disclosures.service.ts';
import type { Logger } from '../kit/log.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { ShopServices } from '../shop/shop.service.ts';
import type { Vault } from '../kit/vault/vault.ts';

export interface OrderDeps {
  db: Kysely<DB>;
  vault: Vault;
  disclosures: DisclosureServices;
  shop: ShopServices;
  mailer: Mailer;
  log: Logger;
  publicUrl: string;
  /** Art. 14: Avarda's credit decision is data from a third party the buyer must be told about. */
  notices?: ThirdPartyNotices;
}
