/**
 * Preloaded into a bench's server (`NODE_OPTIONS=--import …/server-probe.mjs`) to attribute its
 * latency: the event loop's delay (`monitorEventLoopDelay`, 1 ms resolution), the time from a
 * request's head parsed to its answer finished (the `http.server.*` diagnostics channels), and
 * garbage collection pauses (PerformanceObserver). SIGUSR2 starts a window; the next SIGUSR2
 * appends the window's figures as one JSON line to the file PROBE_OUT names (bench/consent.ts
 * `--probe`), else to stderr.
 */
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 1 });
let on = false;
const started = new WeakMap();
let answers = [];
let gcs = [];
subscribe('http.server.request.start', ({ request }) => {
  if (on) started.set(request, performance.now());
});
subscribe('http.server.response.finish', ({ request }) => {
  const t = started.get(request);
  if (t !== undefined) answers.push(performance.now() - t);
});
new PerformanceObserver((list) => {
  if (on) for (const e of list.getEntries()) gcs.push({ ms: e.duration, kind: e.detail?.kind });
}).observe({ entryTypes: ['gc'] });

const pct = (sorted, p) => (sorted.length ? sorted[Math.ceil(p * sorted.length) - 1] : 0);
const round = (n) => Math.round(n * 10) / 10;
// PROBE_CPU_PROF=DIR: a CPU profile of each window too (--cpu-prof is refused in NODE_OPTIONS).
const profDir = process.env.PROBE_CPU_PROF;
const heapDir = process.env.PROBE_HEAP_PROF;
const session = profDir || heapDir ? new Session() : undefined;
session?.connect();
let windows = 0;
process.on('SIGUSR2', () => {
  if (!on) {
    if (profDir) session.post('Profiler.enable', () => session.post('Profiler.start'));
    if (heapDir) {
      session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    }
    answers = [];
    gcs = [];
    delay.reset();
    delay.enable();
    on = true;
    return;
  }
  on = false;
  delay.disable();
  windows += 1;
  const file = profDir && path.join(profDir, `window-${process.pid}-${windows}.cpuprofile`);
  if (profDir) {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile));
    });
  }
  if (heapDir) {
    session.post('HeapProfiler.stopSampling', (err, result) => {
      const heapFile = path.join(heapDir, `window-${process.pid}-${windows}.heapprofile`);
      if (!err) writeFileSync(heapFile, JSON.stringify(result.profile));
    });
  }
  answers.sort((a, b) => a - b);
  gcs.sort((a, b) => a.ms - b.ms);
  // perf_hooks' GC kinds: 1 minor (scavenge), 2 major (mark-compact), 4 incremental, 8 weak callbacks.
  const byKind = {};
  for (const g of gcs) {
    const k = (byKind[g.kind] ??= { n: 0, totalMs: 0, max: 0 });
    k.n += 1;
    k.totalMs = Math.round(k.totalMs + g.ms);
    k.max = round(Math.max(k.max, g.ms));
  }
  const ms = (ns) => round(ns / 1e6);
  const figures = {
    loopDelayMs: {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    },
    serverMs: {
      n: answers.length,
      p50: round(pct(answers, 0.5)),
      p99: round(pct(answers, 0.99)),
      max: round(answers.at(-1) ?? 0),
    },
    gcByKind: byKind,
    heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
  const line = `${JSON.stringify(figures)}\n`;
  if (process.env.PROBE_OUT) appendFileSync(process.env.PROBE_OUT, line);
  else process.stderr.write(line);
});
