/**
 * A real SMTP server for tests (`smtp-server` + `mailparser`): starts on a random loopback port,
 * collects every message, and waits for one to a given address.
 *
 * @example
 *   const smtp = await startSmtp();
 *   const services = await createTestServices({ SMTP_URL: smtp.url });
 *   // … something sends mail …
 *   const mail = await smtp.waitFor('anna@example.com');
 *   mail.text; // the plain-text body
 *   await smtp.stop();
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  parsed: ParsedMail;
  /** The message exactly as received, for signature checks (DKIM). */
  raw: Buffer;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:PORT for nodemailer or SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or still to come) to `address`. */
  waitFor(
    address: string,
    options?: { timeoutMs?: number; after?: number; subject?: RegExp },
  ): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      const received = new Promise<Buffer>((resolve, reject) => {
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      });
      received
        .then(async (raw) => ({ raw, parsed: await simpleParser(raw) }))
        .then(
          ({ raw, parsed }) => {
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html === false ? undefined : parsed.html,
              parsed,
              raw,
            });
            for (const wake of waiters) wake();
            callback();
          },
          (err: Error) => callback(err),
        );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(address, { timeoutMs = 10_000, after = 0, subject } = {}) {
      const wanted = address.toLowerCase();
      const find = () =>
        messages
          .slice(after)
          .find((m) => m.to.includes(wanted) && (!subject || subject.test(m.subject)));
      return new Promise((resolve, reject) => {
        const found = find();
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No mail to ${address} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const m = find();
          if (!m) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
