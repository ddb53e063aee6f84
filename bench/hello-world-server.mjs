/**
 * The framework's ceiling for `bench:shop` and `bench:consent`: a minimal Hono hello-world on
 * @hono/node-server, run as a process of its own (like the server under test), on the same
 * machine in the same run. `POST /` reads a JSON body and answers 201 with a small JSON body, as
 * the consent API does, with nothing in between. Prints `hello-world: open <url>` once it listens (on HELLO_PORT, else a free port).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
app.post('/', async (c) => {
  const body = await c.req.json();
  return c.json({ ok: true, keys: Object.keys(body).length }, 201);
});
serve(
  { fetch: app.fetch, port: Number(process.env.HELLO_PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    console.log(`hello-world: open http://127.0.0.1:${info.port}`);
  },
);
process.on('SIGTERM', () => process.exit(0));
