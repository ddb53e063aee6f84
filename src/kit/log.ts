/**
 * Structured logging. Logs never carry personal data: callers log ids and pseudonyms only, and the
 * redaction list below is the safety net for fields that must never reach a log line even by
 * mistake (request bodies, cookies, authorisation headers, anything named like personal data).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

const personalFields = [
  'email',
  'name',
  'phone',
  'address',
  'password',
  'identityCode',
  'body',
  'text',
  'token',
];

export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  ...personalFields,
  ...personalFields.map((f) => `*.${f}`),
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination);
}
