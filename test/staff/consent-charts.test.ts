/**
 * The consent charts draw the figures they are given: bar heights in proportion to the day's
 * choices, the acceptance rate per category, the GPC/DNT share per day; and each chart is an
 * image with a title (role="img", aria-labelledby) and no script.
 */
import { describe, expect, it } from 'vitest';
import type { ConsentStatistics } from '../../src/consent/consent.service.ts';
import {
  AcceptanceChart,
  ChoicesChart,
  signalShareByDay,
  SignalChart,
  totalsByCategory,
} from '../../src/staff/console/consent-charts.tsx';

const stats: ConsentStatistics = {
  from: '2026-12-01',
  to: '2026-12-02',
  days: [
    {
      day: '2026-12-01',
      choices: {
        analytics: { granted: 3, refused: 1, signalled: 1 },
        marketing: { granted: 1, refused: 3, signalled: 1 },
      },
    },
    {
      day: '2026-12-02',
      choices: { analytics: { granted: 0, refused: 2, signalled: 2 } },
    },
  ],
};

const svg = (el: unknown) => String(el);
const attrs = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

describe('consent charts', () => {
  it('totals and shares', () => {
    expect(totalsByCategory(stats)).toEqual([
      { key: 'analytics', granted: 3, refused: 3, signalled: 3 },
      { key: 'marketing', granted: 1, refused: 3, signalled: 1 },
    ]);
    expect(signalShareByDay(stats)).toEqual([
      { day: '2026-12-01', share: 0.25 },
      { day: '2026-12-02', share: 1 },
    ]);
  });

  it('draws each day in proportion, with a title and no script', () => {
    const html = svg(ChoicesChart({ id: 'c1', title: 'Analytics', stats, category: 'analytics' }));
    expect(html).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="c1"/);
    expect(html).toContain('<title id="c1">Analytics</title>');
    expect(html).not.toMatch(/<script|on\w+=/);
    expect(attrs(html, 'data-granted')).toEqual(['3', '0']);
    expect(attrs(html, 'data-refused')).toEqual(['1', '2']);
    // The busiest day (4 choices) fills the 120 px; the granted bar of 3 is 90 px high.
    const heights = attrs(html, 'height').map(Number);
    expect(heights).toContain(90);
    expect(heights).toContain(30);
  });

  it('draws the acceptance rate and the signal share', () => {
    const rate = svg(
      AcceptanceChart({ id: 'r', title: 'Rate', totals: totalsByCategory(stats), label: (k) => k }),
    );
    expect(attrs(rate, 'data-rate')).toEqual(['0.500', '0.250']);
    expect(rate).toContain('50 %');
    const share = svg(SignalChart({ id: 's', title: 'GPC', stats }));
    expect(attrs(share, 'data-share')).toEqual(['0.250', '1.000']);
  });
});
