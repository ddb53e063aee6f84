import type { Generated } from 'kysely';

/** One data key per subject and scope, wrapped by the master key named in `master_key_id`. */
export interface VaultKeysTable {
  key_id: string;
  subject_id: string;
  scope: string;
  master_key_id: string;
  wrapped_key: string;
  created_at: Generated<Date>;
}

/** The link between a subject and its random pseudonym; deleting the row anonymises. */
export interface VaultPseudonymsTable {
  link_id: string;
  subject_id: string;
  pseudonym: string;
  created_at: Generated<Date>;
}

/** The database copy of the shred ledger (the file copy lives apart from database backups). */
export interface VaultShredLedgerTable {
  op: string;
  id: string;
  at: Date;
}

export interface VaultTables {
  vault_keys: VaultKeysTable;
  vault_pseudonyms: VaultPseudonymsTable;
  vault_shred_ledger: VaultShredLedgerTable;
}
