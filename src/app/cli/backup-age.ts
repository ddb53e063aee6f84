/**
 * A backup archive past the manifest's backup period (`backups`, 35 days) holds data its rules
 * say is gone: `custodian restore` refuses it unless told `--allow-expired` (the shred ledger is
 * re-applied either way). The archive's age is its file time, which `custodian backup` sets.
 */
import { existsSync, statSync } from 'node:fs';
import { loadManifest } from '../../core/manifest/manifest-loader.ts';
import { financialYearOf, isExpired, keptUntil } from '../../core/manifest/retention-period.ts';
import type { Config } from '../../kit/config.ts';
import { CliError } from './cli-error.ts';

export async function refuseExpiredBackup(config: Config, file: string, now = new Date()) {
  const { manifest } = await loadManifest(config.manifestPath);
  const rule = manifest.retention.backups;
  // A missing file is for the restore itself to report.
  if (!rule || !existsSync(file)) return;
  const madeAt = statSync(file).mtime;
  const fy = financialYearOf(manifest);
  if (!isExpired(rule, madeAt, now, fy)) return;
  const until = keptUntil(rule, madeAt, fy)?.toISOString().slice(0, 10);
  throw new CliError(
    `This backup was made on ${madeAt.toISOString().slice(0, 10)}; the privacy policy keeps ` +
      `backups ${rule.period} (until ${until}). Restoring it would bring back data past its ` +
      'retention period; use --allow-expired to restore it anyway (erasures are re-applied).',
    2,
  );
}
