/**
 * The audit log's commands: `custodian audit verify` (exit 1 and the first bad position when the
 * chain was tampered with) and `custodian audit checkpoint` (write the head to the checkpoint
 * file now, e.g. from cron or before copying the file off the machine).
 */
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { fileCheckpoints } from '../../audit/audit-checkpoints.ts';
import { AuditService } from '../../audit/audit.service.ts';
import type { VerifyResult } from '../../audit/audit-verify.ts';
import { loadConfig } from '../../kit/config.ts';

async function withAudit<T>(run: (audit: AuditService) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openConfiguredDatabase } = await import('../main.ts');
  const database = await openConfiguredDatabase(config);
  try {
    // Verifying needs neither the vault nor the rest of the service graph: only hashes.
    return await run(
      new AuditService({
        db: database.db,
        checkpoints: fileCheckpoints(config.auditCheckpoints, config.auditCheckpointPeers),
      }),
    );
  } finally {
    await database.close();
  }
}

export function describeResult(r: VerifyResult, seconds: number): string[] {
  const lines = [
    `Checked ${r.entries} entries in ${seconds.toFixed(2)} s; the head is at entry ${r.head.position}.`,
  ];
  lines.push(
    r.checkpoints.count === 0
      ? `No checkpoint in ${r.checkpoints.location} yet: a cut tail shows only against the head row ` +
          'until `custodian audit checkpoint` (or the running service) writes one.'
      : `${r.checkpoints.count} checkpoints in ${r.checkpoints.location}, the latest at entry ` +
          `${r.checkpoints.latest}.`,
  );
  if (r.cut)
    lines.push(
      `Entries before #${r.cut.position + 1} were pruned on ${r.cut.at.slice(0, 10)} under rule ` +
        `${r.cut.rule}${r.cut.kept ? `; ${r.cut.kept} of them are kept under a legal hold` : ''}.`,
    );
  return lines;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      'recompute the hash chain and compare it with the checkpoints; exit 1 naming the first bad entry',
    )
    .action(async () => {
      const started = performance.now();
      const result = await withAudit((a) => a.verify());
      const seconds = (performance.now() - started) / 1000;
      const lines = describeResult(result, seconds);
      if (result.fault) {
        throw new CliError(
          [
            `The audit log was tampered with: first bad entry at position ${result.fault.position} ` +
              `(${result.fault.kind}): ${result.fault.message}.`,
            ...lines,
          ].join('\n'),
        );
      }
      console.log(['The audit log is intact.', ...lines].join('\n'));
    });

  audit
    .command('checkpoint')
    .description('write the chain head to the checkpoint file outside the database')
    .action(async () => {
      const { written, location } = await withAudit(async (a) => ({
        written: await a.checkpoint(),
        location: a.checkpoints.location,
      }));
      console.log(
        written
          ? `Checkpointed entry ${written.position} (${written.hash.slice(0, 16)}…) to ${location}.`
          : `Nothing new to checkpoint in ${location}.`,
      );
    });
}
