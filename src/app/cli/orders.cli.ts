/**
 * `custodian orders …`: the order jobs staff run by hand or from cron until a scheduler runs them.
 * `collect-overdue` sends unpaid invoices past their due date to the collection agency (through
 * the disclosure gate); `status <order-id> paid|shipped|delivered` moves an order one step.
 */
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { loadConfig } from '../../kit/config.ts';
import type { Services } from '../services.ts';

async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const { openConfiguredDatabase } = await import('../main.ts');
  const { createServices } = await import('../services.ts');
  const { migrateToLatest } = await import('../../kit/db/migrate.ts');
  const { createLogger } = await import('../../kit/log.ts');
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(database);
    return await run(await createServices(config, createLogger('silent'), database));
  } finally {
    await database.close();
  }
}

export function registerOrderCommands(program: Command): void {
  const orders = program.command('orders').description('order jobs: collection, status changes');
  orders
    .command('collect-overdue')
    .description('send unpaid invoices past their due date to the collection agency')
    .option('--today <date>', 'treat this date (YYYY-MM-DD) as today')
    .action(async (opts: { today?: string }) => {
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) {
        throw new CliError('--today must be a date like 2026-12-31.', 2);
      }
      const result = await withServices((s) => s.orders.collectOverdue(opts.today));
      console.log(
        `Sent ${result.submitted} overdue invoices to collection; ${result.failed} failed.`,
      );
      if (result.failed > 0) throw new CliError('Some invoices could not be sent; see the log.');
    });
  orders
    .command('status')
    .description('move an order to paid, shipped or delivered')
    .argument('<order-id>')
    .argument('<status>', 'paid | shipped | delivered')
    .action(async (id: string, status: string) => {
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError('The order id is a UUID.', 2);
      if (!['paid', 'shipped', 'delivered'].includes(status)) {
        throw new CliError('The status is paid, shipped or delivered.', 2);
      }
      const order = await withServices((s) =>
        status === 'paid'
          ? s.orders.markPaid(id)
          : status === 'shipped'
            ? s.orders.ship(id)
            : s.orders.deliver(id),
      ).catch((err: unknown) => {
        throw new CliError(err instanceof Error ? err.message : String(err));
      });
      console.log(`${order.reference}: ${order.status}`);
    });
}
