/**
 * Configuration from the environment, validated once at start-up.
 *
 * @example
 *   const config = loadConfig(process.env);
 *   config.port; // 3000 unless PORT says otherwise
 */
import path from 'node:path';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v.trim(), 'base64').length === 32, 'must be 32 bytes, base64-encoded');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  MANIFEST: z.string().default('privacy/hersecret.yaml'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // The vault (src/vault): keys as base64 of 32 bytes; without them, files in the key directory.
  CUSTODIAN_MASTER_KEY: base64Key.optional(),
  CUSTODIAN_NEW_MASTER_KEY: base64Key.optional(),
  CUSTODIAN_INDEX_KEY: base64Key.optional(),
  CUSTODIAN_KEY_DIR: z.string().optional(),
  CUSTODIAN_SHRED_LEDGER: z.string().optional(),
  // Several nodes (docs/deploy.md): the other nodes' ledger and checkpoint files, read only.
  CUSTODIAN_SHRED_LEDGER_PEERS: z.string().optional(),
  CUSTODIAN_AUDIT_CHECKPOINTS_PEERS: z.string().optional(),
  CUSTODIAN_VAULT_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  // The storefront's catalog snapshot and cached pages: the fallback when a notification is lost.
  CUSTODIAN_STOREFRONT_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  // The audit log (src/audit): where its head is checkpointed, apart from the database.
  CUSTODIAN_AUDIT_CHECKPOINTS: z.string().optional(),
  CUSTODIAN_AUDIT_CHECKPOINT_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  // The promise map (src/conformance): the latest test run's proofs, shown at /privacy/proof.
  CUSTODIAN_PROOF: z.string().optional(),
  // Email (src/notify): without SMTP_URL, mail goes to the sealed dev outbox.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('HerSecret <no-reply@hersecret.se>'),
  // DKIM (docs/mail.md): every outgoing mail is signed when a key file and selector are set.
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, 'must be a DNS label')
    .optional(),
  DKIM_DOMAIN: z.string().optional(),
  // Sign-in with Google/Facebook (src/customers): a provider is on when its id and secret are set.
  GOOGLE_ISSUER: z.string().url().default('https://accounts.google.com'),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  FACEBOOK_ISSUER: z.string().url().default('https://www.facebook.com'),
  FACEBOOK_CLIENT_ID: z.string().optional(),
  FACEBOOK_CLIENT_SECRET: z.string().optional(),
  // The demo sign-in provider (src/customers/sign-in/dev-idp.ts) vouches for any address, so it
  // runs only when asked for by name (`npm start` does; see README) and never in production.
  DEMO_SIGN_IN: z.enum(['0', '1', 'true', 'false', '']).default(''),
  // Consent (src/consent): staff statistics until staff sign-in exists; writes per minute per address.
  STAFF_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  CONSENT_RATE_LIMIT: z.coerce.number().int().min(0).default(60),
  // Reverse proxies (exact addresses, comma-separated) whose X-Forwarded-For names the client,
  // for rate limits behind nginx (docs/deploy.md). Empty: the socket's address is the client's.
  CUSTODIAN_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
  // Rights (src/rights): the shared secret Shopify-style compliance webhooks are signed with.
  SHOPIFY_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Retention (src/retention): when the sweeps run (cron, UTC, or `off`), records per batch, and
  // where `custodian backup` archives are kept (and deleted after the manifest's backup period).
  RETENTION_SCHEDULE: z
    .string()
    .regex(/^(off|(\S+\s+){4}\S+)$/, 'must be a 5-field cron expression or off')
    .default('30 3 * * *'),
  RETENTION_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  BACKUP_DIR: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  manifestPath: string;
  publicUrl: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  production: boolean;
  /**
   * The development outbox page (/dev/outbox): on only when NODE_ENV=development is set
   * explicitly and the store listens on a loopback address, since the mail holds working links.
   */
  devOutbox: boolean;
  /** Vault keys (src/kit/vault/master-key.ts); undefined means the files in `vaultKeyDir`. */
  vaultMasterKey: string | undefined;
  vaultNewMasterKey: string | undefined;
  vaultIndexKey: string | undefined;
  /** Key files and the shred ledger: never inside a database backup (docs/vault.md). */
  vaultKeyDir: string;
  vaultShredLedger: string;
  /** Other nodes' shred ledger files, read at every re-application (docs/deploy.md). */
  vaultShredLedgerPeers: string[];
  vaultCacheTtlMs: number;
  /** How long the storefront trusts its catalog snapshot and cached pages (src/shop). */
  storefrontCacheMs: number;
  /** The audit chain's checkpoint file (src/audit/audit-checkpoints.ts), outside the database. */
  auditCheckpoints: string;
  /** Other nodes' checkpoint files, read by every verification (docs/deploy.md). */
  auditCheckpointPeers: string[];
  /** How often the running service checkpoints the audit head; 0 turns the timer off. */
  auditCheckpointMs: number;
  /** The latest test run's proof record (src/conformance/proof-store.ts), for /privacy/proof. */
  proofResults: string;
  /** SMTP server for outgoing mail; undefined keeps mail in the sealed dev outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** DKIM signing of outgoing mail; the domain defaults to the sender's. */
  dkim: { keyFile: string; selector: string; domain: string | undefined } | undefined;
  /** Sign-in providers configured by the environment (src/customers/oidc). */
  oidc: Partial<Record<'google' | 'facebook', OidcProviderConfig>>;
  /**
   * The local demo provider stands in for Google and Facebook (when neither is configured).
   * Off unless `DEMO_SIGN_IN=1`; refused in production.
   */
  demoSignIn: boolean;
  /** Bearer token for staff consent statistics until staff sign-in exists; unset disables them. */
  staffApiToken: string | undefined;
  /** Consent writes per minute per client address; 0 turns the limit off (benchmarks). */
  consentRateLimit: number;
  /** Proxy addresses whose X-Forwarded-For is believed (src/kit/web/rate-limit.ts). */
  trustedProxies: string[];
  /** HMAC secret of the compliance webhooks (src/rights); unset refuses every webhook. */
  shopifyWebhookSecret: string | undefined;
  /** Cron (UTC) of the daily retention run, or undefined when turned off. */
  retentionSchedule: string | undefined;
  retentionBatch: number;
  backupDir: string;
}

export interface OidcProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export class ConfigError extends Error {}

/** `http://HOST:PORT` as a browser takes it; a wildcard HOST (all interfaces) is `localhost`. */
export function localOrigin(host: string, port: number): string {
  const name = ['', '0.0.0.0', '::'].includes(host)
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  return `http://${name}:${port}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const demoSignIn = e.DEMO_SIGN_IN === '1' || e.DEMO_SIGN_IN === 'true';
  if (demoSignIn && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  DEMO_SIGN_IN: the demo sign-in vouches for any email address; it never runs with NODE_ENV=production',
    );
  }
  return {
    demoSignIn,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    manifestPath: path.resolve(e.MANIFEST),
    // The address the store listens on, so the start-up message, emailed links and sign-in
    // redirects all name the one address the browser's cookies belong to.
    publicUrl: e.PUBLIC_URL ?? localOrigin(e.HOST, e.PORT),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    devOutbox: env.NODE_ENV === 'development' && ['127.0.0.1', '::1', 'localhost'].includes(e.HOST),
    vaultMasterKey: e.CUSTODIAN_MASTER_KEY,
    vaultNewMasterKey: e.CUSTODIAN_NEW_MASTER_KEY,
    vaultIndexKey: e.CUSTODIAN_INDEX_KEY,
    vaultKeyDir: path.resolve(e.CUSTODIAN_KEY_DIR ?? path.join(e.DATA_DIR, 'keys')),
    vaultShredLedger: path.resolve(
      e.CUSTODIAN_SHRED_LEDGER ??
        path.join(e.CUSTODIAN_KEY_DIR ?? path.join(e.DATA_DIR, 'keys'), 'shred-ledger.jsonl'),
    ),
    vaultShredLedgerPeers: pathList(e.CUSTODIAN_SHRED_LEDGER_PEERS),
    vaultCacheTtlMs: e.CUSTODIAN_VAULT_CACHE_MS,
    storefrontCacheMs: e.CUSTODIAN_STOREFRONT_CACHE_MS,
    auditCheckpoints: path.resolve(
      e.CUSTODIAN_AUDIT_CHECKPOINTS ?? path.join(e.DATA_DIR, 'audit', 'checkpoints.jsonl'),
    ),
    auditCheckpointPeers: pathList(e.CUSTODIAN_AUDIT_CHECKPOINTS_PEERS),
    auditCheckpointMs: e.CUSTODIAN_AUDIT_CHECKPOINT_MS,
    proofResults: path.resolve(
      e.CUSTODIAN_PROOF ?? path.join(e.DATA_DIR, 'proof', 'last-run.json'),
    ),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dkim:
      e.DKIM_PRIVATE_KEY_FILE && e.DKIM_SELECTOR
        ? {
            keyFile: path.resolve(e.DKIM_PRIVATE_KEY_FILE),
            selector: e.DKIM_SELECTOR,
            domain: e.DKIM_DOMAIN,
          }
        : undefined,
    staffApiToken: e.STAFF_API_TOKEN,
    consentRateLimit: e.CONSENT_RATE_LIMIT,
    trustedProxies: e.CUSTODIAN_TRUSTED_PROXIES,
    shopifyWebhookSecret: e.SHOPIFY_WEBHOOK_SECRET,
    retentionSchedule: e.RETENTION_SCHEDULE === 'off' ? undefined : e.RETENTION_SCHEDULE,
    retentionBatch: e.RETENTION_BATCH,
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(e.DATA_DIR, 'backups')),
    oidc: {
      ...(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? {
            google: {
              issuer: e.GOOGLE_ISSUER,
              clientId: e.GOOGLE_CLIENT_ID,
              clientSecret: e.GOOGLE_CLIENT_SECRET,
            },
          }
        : {}),
      ...(e.FACEBOOK_CLIENT_ID && e.FACEBOOK_CLIENT_SECRET
        ? {
            facebook: {
              issuer: e.FACEBOOK_ISSUER,
              clientId: e.FACEBOOK_CLIENT_ID,
              clientSecret: e.FACEBOOK_CLIENT_SECRET,
            },
          }
        : {}),
    },
  };
}

/** Files separated like PATH (`:` here), made absolute; empty entries are ignored. */
function pathList(value: string | undefined): string[] {
  return (value ?? '')
    .split(path.delimiter)
    .filter((p) => p.trim() !== '')
    .map((p) => path.resolve(p));
}
