/**
 * Times every statement a pool's clients send (once per client, when first checked out): the
 * client's time, round trip and server, of each, with its text folded to one line. For benches.
 */
import type { Database } from '../src/kit/db/database.ts';

export function timeStatements(
  pool: NonNullable<Database['pool']>,
  timed: (text: string, ms: number) => void,
): void {
  const wrapped = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const first = a[0] as string | { text: string };
      const text = (typeof first === 'string' ? first : first.text).replace(/\s+/g, ' ').trim();
      const t0 = performance.now();
      const r = query(...a);
      void Promise.resolve(r).then(
        () => timed(text, performance.now() - t0),
        () => undefined,
      );
      return r;
    };
  });
}
