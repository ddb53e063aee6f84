/**
 * The composition root's product: every service the web layer and the jobs use, built once from
 * config and the database. Tests build the same object over an in-memory or test database.
 */
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Logger } from './log.ts';

export interface Services {
  config: Config;
  log: Logger;
  database: Database;
}

export async function createServices(
  config: Config,
  log: Logger,
  database: Database,
): Promise<Services> {
  return { config, log, database };
}
