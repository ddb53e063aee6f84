/**
 * An open-loop load generator for a latency goal at a given rate: `POST`s at evenly spaced
 * times (request i at start + i / rate), over at most `connections` keep-alive connections, one
 * request at a time on each (no pipelining, as a browser). A request due while every connection
 * is busy waits for the first free one, and its latency counts from the time it was due, not from
 * when it could be sent: a slow server is not hidden by the client sending less (coordinated
 * omission).
 *
 * Why not autocannon's `overallRate`: each of its connections sends its share of a second back to
 * back as fast as the server answers, then pauses until the next second, all connections in
 * step; at half the maximum rate the server sees the full rate for half of every second, and the
 * p99 is the full rate's. Plain sockets and one prepared request, so the client costs little CPU
 * beside the server on a shared machine.
 *
 * @example
 *   const m = await pacedPost('http://127.0.0.1:3000/api/consent', body, { rate: 1800, connections: 50, seconds: 10 });
 */
import net from 'node:net';
import { percentile, type PacedCallsResult } from './paced-calls.ts';

/** As {@link PacedCallsResult}, a call being a request answered 2xx; and what HTTP adds. */
export interface PacedResult extends PacedCallsResult {
  /** Requests that found every connection busy and waited for one. */
  queued: number;
  /** Connections the server closed during the run. */
  closed: number;
  /**
   * The slow answers (over `slowMs`) grouped into stretches (due within 100 ms of the previous slow one):
   * when in the run (seconds from its start), how many, the longest. One stall is one stretch.
   */
  stalls: { at: number; n: number; max: number }[];
}

export interface PacedOptions {
  rate: number;
  connections: number;
  seconds: number;
  /** Over this many ms (from due) an answer counts as slow: the caller's latency goal. */
  slowMs: number;
}

interface Conn {
  socket: net.Socket;
  /** When the request on this connection was due; undefined when the connection is free. */
  due: number | undefined;
  buffered: Buffer;
}

export async function pacedPost(
  url: string,
  body: string,
  { rate, connections, seconds, slowMs }: PacedOptions,
): Promise<PacedResult> {
  const target = new URL(url);
  const request = Buffer.from(
    `POST ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let queued = 0;
  let closed = 0;
  const waiting: number[] = [];
  const free: Conn[] = [];
  const slow: { due: number; latency: number }[] = [];
  // Set when the first request is due; the connections open before it.
  let started = 0;

  const send = (conn: Conn, due: number) => {
    conn.due = due;
    conn.socket.write(request);
  };
  // One answer: status line, headers with a content-length, the body (no chunked answers here).
  const answered = (conn: Conn) => {
    for (;;) {
      const end = conn.buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = conn.buffered.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (conn.buffered.length < end + 4 + length) return;
      conn.buffered = conn.buffered.subarray(end + 4 + length);
      const status = Number(head.slice(9, 12));
      if (status >= 200 && status < 300) {
        ok += 1;
        const latency = performance.now() - conn.due!;
        latencies.push(latency);
        if (latency > slowMs) slow.push({ due: conn.due! - started, latency });
      } else failed += 1;
      conn.due = undefined;
      const next = waiting.shift();
      if (next === undefined) free.push(conn);
      else send(conn, next);
    }
  };

  const conns = await Promise.all(
    Array.from(
      { length: Math.max(1, Math.min(connections, rate)) },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = net.connect(Number(target.port), target.hostname);
          socket.setNoDelay(true);
          const conn: Conn = { socket, due: undefined, buffered: Buffer.alloc(0) };
          socket.once('connect', () => resolve(conn));
          socket.once('error', reject);
          // Closed by the server: a request on it is failed, and the connection leaves the pool.
          socket.once('close', () => {
            if (conn.due !== undefined) failed += 1;
            conn.due = undefined;
            const at = free.indexOf(conn);
            if (at >= 0) free.splice(at, 1);
            closed += 1;
          });
          socket.on('data', (chunk: Buffer) => {
            conn.buffered =
              conn.buffered.length === 0 ? chunk : Buffer.concat([conn.buffered, chunk]);
            answered(conn);
          });
        }),
    ),
  );
  free.push(...conns);

  started = performance.now();
  const total = Math.round(rate * seconds);
  let issued = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Every request due by now: the timer's lateness does not lower the rate.
      while (issued < total && started + (issued * 1000) / rate <= now) {
        const due = started + (issued * 1000) / rate;
        issued += 1;
        // The longest free first: every connection stays in use, none idles into the server's
        // keep-alive timeout (Node's: 5 s) and is closed under the generator.
        const conn = free.shift();
        if (conn) send(conn, due);
        else {
          queued += 1;
          waiting.push(due);
        }
      }
      if (issued < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  // The last answers, or 5 s for them.
  const until = performance.now() + 5000;
  while (
    (waiting.length > 0 || conns.some((c) => c.due !== undefined)) &&
    performance.now() < until
  ) {
    await new Promise((r) => setTimeout(r, 5));
  }
  failed += waiting.length + conns.filter((c) => c.due !== undefined).length;
  const elapsed = (performance.now() - started) / 1000;
  for (const c of conns) {
    c.socket.removeAllListeners('close');
    c.socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    rate: ok / Math.max(seconds, elapsed),
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    max: Math.round(latencies.at(-1) ?? 0),
    ok,
    failed,
    queued,
    closed,
    slow: slow.length,
    stalls: stretches(slow),
  };
}

function stretches(slow: { due: number; latency: number }[]): PacedResult['stalls'] {
  const out: PacedResult['stalls'] = [];
  let last = -Infinity;
  for (const { due, latency } of slow.sort((a, b) => a.due - b.due)) {
    const current = out.at(-1);
    if (current && due - last <= 100) {
      current.n += 1;
      current.max = Math.max(current.max, Math.round(latency));
    } else out.push({ at: Math.round(due / 100) / 10, n: 1, max: Math.round(latency) });
    last = due;
  }
  return out;
}
