/**
 * The composition root: config → database → services → web app → jobs, and a graceful stop.
 */
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { loadConfig, localOrigin, type Config } from '../kit/config.ts';
import { openDatabase, type Database } from '../kit/db/database.ts';
import { migrateToLatest } from '../kit/db/migrate.ts';
import { createLogger, type Logger } from '../kit/log.ts';
import { createServices, type Services } from './services.ts';
import { createApp } from './app.ts';
import { compressedAtStart } from '../kit/web/precompressed.ts';

export interface Running {
  services: Services;
  server: ServerType;
  url: string;
  stop(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
}

export async function start(
  config: Config = loadConfig(),
  log: Logger = createLogger(config.logLevel),
  options: {
    /** Runs before the job workers start: a test registers a job of its own here. */
    beforeJobs?: (services: Services) => void;
  } = {},
): Promise<Running> {
  // Where start-up time goes, in ms per phase, logged once listening (bench/startup.ts prints
  // it). `process` is node's own start and loading the modules, up to this line.
  const phases: Record<string, number> = { process: Math.round(performance.now()) };
  let last = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - last);
    last = now;
  };
  const database = await openConfiguredDatabase(config);
  mark('database');
  const migrated = await migrateToLatest(database);
  const applied = migrated.results?.filter((r) => r.status === 'Success').length ?? 0;
  mark('migrations');
  log.info({ database: database.kind, migrationsApplied: applied }, 'database ready');

  // `serve --demo` publishes an edited manifest at once; a store holds it for staff to publish.
  const services = await createServices(config, log, database, {
    unpublishedManifest: config.demoSignIn ? 'publish' : 'hold',
    manifestParseCache: path.join(config.dataDir, 'cache', 'manifest.json'),
  });
  mark('services');
  const app = createApp(services);
  options.beforeJobs?.(services);
  mark('app');
  // Every feature has registered its job handlers by now (createServices).
  await services.jobs.start();
  // Other app processes on the same PostgreSQL tell this one which cached entries to drop.
  await services.invalidations.start();
  mark('jobs');
  // The audit head goes to the checkpoint file on a timer and once more at stop (src/audit).
  const stopCheckpoints = services.audit.startCheckpoints(config.auditCheckpointMs, log);
  const resumed = await services.rights.requests.resume();
  if (resumed > 0) log.info({ resumed }, 'data-subject requests resumed');
  const notices = await services.policyPublishing.resume();
  if (notices.length > 0) log.info({ versions: notices }, 'policy change notices resumed');
  mark('resume');

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = localOrigin(config.host, port);
  mark('listen');
  // Files the build had not compressed (running from sources, or an old dist/) cost time here.
  log.info({ phases, compressedAtStart: compressedAtStart() }, 'start-up phases');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Jobs in flight finish (or are left to pg-boss's expiry) before the database closes.
      await services.jobs.stop();
      await stopCheckpoints();
      await services.invalidations.stop();
      await database.close();
      log.info('stopped');
    })());
  return { services, server, url, stop };
}

/** Runs until SIGTERM or SIGINT, then finishes in-flight requests and closes the database. */
export async function runUntilSignalled(config: Config = loadConfig()): Promise<void> {
  const log = createLogger(config.logLevel);
  const running = await start(config, log);
  log.info({ url: running.url }, 'Custodian is serving');
  process.stdout.write(startMessage(config, running.url));
  if (!config.production) {
    // A fresh development store gets demo customers once (src/seed); a real store never does.
    const { seedDemoOnce } = await import('../seed/demo-seed.ts');
    const signIns = await seedDemoOnce(running.services);
    for (const s of signIns) process.stdout.write(`  demo sign-in: ${s.email} / ${s.password}\n`);
    if (signIns.length > 0) process.stdout.write('\n');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'stopping');
      running.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ errType: err instanceof Error ? err.name : typeof err }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}

/**
 * Names the one address to open: PUBLIC_URL, where sign-in redirects and emailed links lead and
 * the cookies belong. A store opened at another name for the same machine loses its sign-in.
 */
export function startMessage(config: Config, listening: string): string {
  // PORT=0 (tests, benchmarks) picks a free port: the default PUBLIC_URL cannot know it.
  const open =
    config.port === 0 && config.publicUrl === localOrigin(config.host, 0)
      ? listening
      : config.publicUrl;
  const lines = [`  HerSecret store with Custodian: open ${open}`];
  if (new URL(open).origin !== new URL(listening).origin) {
    lines.push(`  (listening on ${listening}; PUBLIC_URL is the address customers use)`);
  }
  if (!config.smtpUrl) {
    // Without a mail server the demo's links are only in the sealed outbox: say where to read it.
    lines.push(
      config.devOutbox
        ? `  email is not sent (no SMTP_URL): read it at ${new URL('/dev/outbox', config.publicUrl).href}`
        : '  email is not sent (no SMTP_URL): read it with `npx custodian outbox list`, or at ' +
            '/dev/outbox when started with NODE_ENV=development',
    );
  }
  return `\n${lines.join('\n')}\n\n`;
}
