/**
 * The body guard on the Node server, where it reads the socket's message itself: the bytes reach
 * every later reader (Hono's body helpers and c.req.raw), a body over the limit is refused even
 * without a Content-Length, and a NUL anywhere is a 400.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { readRequestBody } from './request-body.ts';

const maxBytes = 1024;

function buildApp() {
  const app = new Hono();
  app.onError((err, c) =>
    c.json(
      { error: err.message },
      err instanceof DomainError && err.code === 'payload_too_large' ? 413 : 400,
    ),
  );
  app.use(
    readRequestBody({
      maxBytes,
      tooLarge: () => new DomainError('payload_too_large', 'too large'),
    }),
  );
  app.post('/text', async (c) => c.json({ text: await c.req.text(), again: await c.req.text() }));
  // A route that reads the raw request itself, behind its own stream-reading limit.
  app.post('/raw', bodyLimit({ maxSize: maxBytes }), async (c) =>
    c.json({ raw: await c.req.raw.text() }),
  );
  app.post('/form', async (c) => c.json(await c.req.parseBody()));
  return app;
}

let server: ServerType;
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: buildApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A POST whose body goes out in `chunks` (chunked: no Content-Length) or whole. */
function post(
  path: string,
  chunks: (string | Buffer)[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let data = '';
      res.on('data', (d: Buffer) => (data += d.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) as Record<string, unknown> }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the request body guard on the Node server', () => {
  it('hands the same text to every reader, and to a route reading c.req.raw', async () => {
    const text = JSON.stringify({ name: 'Åsa Öberg', note: 'ä'.repeat(100) });
    const whole = await post('/text', [text], {
      'content-length': String(Buffer.byteLength(text)),
    });
    expect(whole).toEqual({ status: 200, body: { text, again: text } });
    const chunked = await post('/raw', [text.slice(0, 10), text.slice(10)]);
    expect(chunked).toEqual({ status: 200, body: { raw: text } });
  });

  it('parses a form from the bytes it read', async () => {
    const res = await post('/form', ['a=1&b=', 'two'], {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res).toEqual({ status: 200, body: { a: '1', b: 'two' } });
  });

  it('refuses a body over the limit, with or without a Content-Length', async () => {
    const big = 'x'.repeat(maxBytes + 1);
    expect((await post('/text', [big], { 'content-length': String(big.length) })).status).toBe(413);
    expect((await post('/text', [big.slice(0, 600), big.slice(600)])).status).toBe(413);
    // Exactly the limit is fine.
    expect((await post('/text', [big.slice(1)])).status).toBe(200);
  });

  it('refuses a NUL as a raw byte, percent-encoded or as a JSON escape', async () => {
    for (const body of [Buffer.from([0x61, 0x00, 0x62]), 'a=%00', '{"a":"\\u0000"}']) {
      expect((await post('/text', [body])).status, String(body)).toBe(400);
    }
    // An escaped backslash before u0000 is text, not a NUL.
    expect((await post('/text', ['{"a":"\\\\u0000"}'])).status).toBe(200);
  });
});
