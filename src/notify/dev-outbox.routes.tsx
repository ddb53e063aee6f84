/**
 * /dev/outbox: the mail a store without SMTP_URL keeps instead of sending, so the demo's
 * verification, newsletter and request links can be followed in the browser. Mounted only in
 * explicit development mode on a loopback address (`config.devOutbox`): otherwise the routes do
 * not exist. Messages stay sealed at rest; each read opens one through the vault, and the log
 * records only the message id.
 */
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { DomainError } from '../kit/errors.ts';
import type { Logger } from '../kit/log.ts';
import type { AppEnv } from '../kit/web/env.ts';
import { text } from '../kit/web/i18n.ts';
import { Layout } from '../kit/web/layout.tsx';
import { m } from './dev-outbox.messages.ts';
import type { OutboxService } from './outbox.service.ts';

interface Services {
  config: { devOutbox: boolean; publicUrl: string };
  notify: { outbox: OutboxService };
  log: Logger;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function page(c: Context<AppEnv>, body: Child) {
  const title = text(m.title, c.get('lang'));
  // Working sign-in links: never cached, never indexed.
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  return c.html(
    <Layout lang={c.get('lang')} title={title} path={c.req.path}>
      <section aria-labelledby="outbox-title">
        <h1 id="outbox-title">{title}</h1>
        <p>{text(m.intro, c.get('lang'))}</p>
        {body}
      </section>
    </Layout>,
  );
}

/** The message text with the store's own links made clickable (other text stays text). */
function Linked({ body, origin }: { body: string; origin: string }) {
  const parts = body.split(/(https?:\/\/[^\s<>"]+)/);
  return (
    <pre class="outbox-text">
      {parts.map((part, i) =>
        i % 2 === 1 && URL.canParse(part) && new URL(part).origin === origin ? (
          <a href={part}>{part}</a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export function devOutboxRoutes(services: Services) {
  const app = new Hono<AppEnv>();
  if (!services.config.devOutbox) return app;
  const { outbox } = services.notify;
  const origin = new URL(services.config.publicUrl).origin;

  app.get('/dev/outbox', async (c) => {
    const t = (message: Parameters<typeof text>[0]) => text(message, c.get('lang'));
    const rows = [];
    for (const entry of await outbox.list(100)) {
      const opened = await outbox.open(entry.id);
      rows.push({ entry, message: opened?.message });
    }
    return page(
      c,
      rows.length === 0 ? (
        <p>{t(m.empty)}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(m.time)}</th>
              <th scope="col">{t(m.to)}</th>
              <th scope="col">{t(m.subject)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ entry, message }) => (
              <tr>
                <td>{entry.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</td>
                <td>{message?.to ?? '—'}</td>
                <td>
                  <a href={`/dev/outbox/${entry.id}?lang=${c.get('lang')}`}>
                    {message?.subject ?? t(m.erased)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
    );
  });

  app.get('/dev/outbox/:id', async (c) => {
    const lang = c.get('lang');
    const id = c.req.param('id');
    if (!uuid.test(id)) throw new DomainError('bad_request', text(m.badId, lang));
    const opened = await outbox.open(id);
    if (!opened) throw new DomainError('not_found', text(m.missing, lang));
    services.log.info({ mailId: id, template: opened.template }, 'outbox message read');
    const message = opened.message;
    return page(
      c,
      <>
        <p>
          <a href={`/dev/outbox?lang=${lang}`}>{text(m.back, lang)}</a>
        </p>
        {message ? (
          <>
            <dl>
              <dt>{text(m.to, lang)}</dt>
              <dd>{message.to}</dd>
              <dt>{text(m.subject, lang)}</dt>
              <dd>{message.subject}</dd>
            </dl>
            <Linked body={message.text} origin={origin} />
          </>
        ) : (
          <p>{text(m.erased, lang)}</p>
        )}
      </>,
    );
  });
  return app;
}
