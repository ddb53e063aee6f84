import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.ts';
import { csvCell, flatten, toCsv } from './csv.ts';

describe('csvCell', () => {
  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it.each(['=SUM(A1:A2)', '+358401112233', '-1+2', '@cmd', '\tx', '\rx'])(
    'defuses %j as a formula with a leading apostrophe',
    (value) => {
      const cell = csvCell(value);
      expect(parseCsv(`${cell}\r\n`)[0]![0]).toBe(`'${value}`);
    },
  );

  it('defuses and quotes at once: =HYPERLINK("x","y")', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('writes numbers, booleans, dates and empty values as they are', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-01-31T10:00:00Z'))).toBe('2026-01-31T10:00:00.000Z');
  });

  it('writes arrays as JSON in one cell', () => {
    expect(csvCell([{ product: 'a', quantity: 2 }])).toBe('"[{""product"":""a"",""quantity"":2}]"');
  });
});

describe('toCsv', () => {
  it('starts with a BOM, ends every record with CRLF, and reads back cell for cell', () => {
    const rows = [
      { name: 'Märta Öhman', note: 'says "hej", then\nleaves', total: 12.5 },
      { name: '=1+1', extra: 'only here' },
    ];
    const text = toCsv(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['name', 'note', 'total', 'extra'],
      ['Märta Öhman', 'says "hej", then\nleaves', '12.5', ''],
      ["'=1+1", '', '', 'only here'],
    ]);
  });

  it('flattens nested objects into dotted columns', () => {
    expect(flatten({ a: 1, source: { partner: 'avarda', at: { day: 3 } }, list: [1] })).toEqual({
      a: 1,
      'source.partner': 'avarda',
      'source.at.day': 3,
      list: [1],
    });
    expect(parseCsv(toCsv([{ source: { partner: 'avarda' } }]))).toEqual([
      ['source.partner'],
      ['avarda'],
    ]);
  });

  it('is a header-only document with no rows', () => {
    expect(toCsv([])).toBe('\uFEFF\r\n');
  });
});
