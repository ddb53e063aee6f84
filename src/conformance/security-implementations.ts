/**
 * Which module implements each security measure a manifest can claim. The conformance check
 * reads these sources and fails when a claimed measure's module or export is gone: a measure
 * the policy claims must exist in the code, not only in a test. Paths are from the repository
 * root; a measure may need several parts (the audit log is the chain and its verifier).
 */
import type { SecurityMeasure } from '../core/manifest/manifest.ts';

export interface Implementation {
  module: string;
  export: string;
}

export const measureImplementations: Record<SecurityMeasure, readonly Implementation[]> = {
  encryption: [{ module: 'src/kit/vault/vault-crypto.ts', export: 'sealField' }],
  key_erasure: [{ module: 'src/kit/vault/shred-ledger.ts', export: 'fileShredLedger' }],
  pseudonymisation: [{ module: 'src/kit/vault/vault.ts', export: 'Vault' }],
  anonymisation: [
    { module: 'src/orders/orders-retention.repository.ts', export: 'anonymiseOrders' },
    { module: 'src/browsing/browsing-retention.repository.ts', export: 'anonymiseEvents' },
  ],
  minimisation: [{ module: 'src/disclosures/disclosure-gate.ts', export: 'createDisclosureGate' }],
  access_by_role: [{ module: 'src/staff/access/need-to-know.ts', export: 'visibility' }],
  audit_log: [
    { module: 'src/audit/audit.service.ts', export: 'AuditService' },
    { module: 'src/audit/audit-verify.ts', export: 'verifyChain' },
  ],
  backups: [
    { module: 'src/kit/vault/backup.ts', export: 'backupDatabase' },
    { module: 'src/kit/vault/backup.ts', export: 'restoreDatabase' },
  ],
};

/**
 * The claimed measures whose implementation is missing, as `security:<measure>` ids with the
 * missing module export. `readSource` returns a file's text, or null when there is none.
 */
export function unimplementedMeasures(
  claimed: Iterable<SecurityMeasure>,
  readSource: (module: string) => string | null,
  implementations: Record<SecurityMeasure, readonly Implementation[]> = measureImplementations,
): { id: string; missing: string }[] {
  const out: { id: string; missing: string }[] = [];
  for (const measure of new Set(claimed)) {
    const parts = implementations[measure];
    if (parts.length === 0) out.push({ id: `security:${measure}`, missing: 'no module' });
    for (const part of parts) {
      const source = readSource(part.module);
      const exported = new RegExp(
        `export\\s+(async\\s+)?(function|class|const|let)\\s+${part.export}\\b`,
      );
      if (source === null || !exported.test(source)) {
        out.push({ id: `security:${measure}`, missing: `${part.module}: ${part.export}` });
      }
    }
  }
  return out;
}
