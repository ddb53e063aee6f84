import { expect, it } from 'vitest';
import { copyText, CopyTextEncoder } from './pg-copy.ts';

it('writes each value in COPY text format, escaping what would break a line', () => {
  expect(copyText(null)).toBe('\\N');
  expect(copyText(undefined)).toBe('\\N');
  expect(copyText(12)).toBe('12');
  expect(copyText(true)).toBe('t');
  expect(copyText(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.006Z');
  expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  // JSON escapes the tab as `\t`; COPY then escapes that backslash.
  expect(copyText({ en: 'x\ty' })).toBe('{"en":"x\\\\ty"}');
});

it('encodes rows as lines, across its flushes, into one buffer that owns its memory', () => {
  const encoder = new CopyTextEncoder();
  const rows: unknown[][] = [];
  // Enough rows to pass the encoder's 64 K-character flush several times, with multibyte text.
  for (let i = 0; i < 20_000; i++) rows.push([i, `Mäkinen ${i}`, null, i % 2 === 0]);
  for (const row of rows) encoder.push(row);
  const bytes = encoder.finish();
  expect(encoder.rows).toBe(rows.length);
  expect(bytes.toString('utf8')).toBe(rows.map((r) => `${r.map(copyText).join('\t')}\n`).join(''));
  // Not a slice of Node's shared pool: moving it to another thread must move this batch only.
  expect(bytes.byteOffset).toBe(0);
  expect(bytes.buffer.byteLength).toBe(bytes.length);
});

it('gives a small batch its own memory too', () => {
  const encoder = new CopyTextEncoder();
  encoder.push(['x']);
  const bytes = encoder.finish();
  expect(bytes.toString()).toBe('x\n');
  expect(bytes.buffer.byteLength).toBe(2);
});
