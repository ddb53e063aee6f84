/**
 * CSV for the access package: RFC 4180 (comma, CRLF, quotes doubled, a field quoted when it holds
 * a comma, a quote or a line break), UTF-8 with a byte-order mark so Excel reads the letters
 * right, and safe to open in a spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe, so it is shown as text and never run as a
 * formula (OWASP "CSV injection").
 *
 * Nested objects become dotted columns (`source.partner`); arrays stay JSON in one cell.
 *
 * @example
 *   toCsv([{ name: 'Kaisa', total: 12.5 }]); // '\uFEFFname,total\r\nKaisa,12.5\r\n'
 */

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as text: escaped for RFC 4180 and defused against formula injection. */
export function csvCell(value: unknown): string {
  let cell: string;
  if (value === null || value === undefined) cell = '';
  else if (typeof value === 'string') cell = FORMULA_START.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    cell = String(value);
  else if (value instanceof Date) cell = value.toISOString();
  else {
    // Arrays (and anything else) as JSON text, which may itself start like a formula.
    const json = JSON.stringify(value) ?? '';
    cell = FORMULA_START.test(json) ? `'${json}` : json;
  }
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }`; arrays and other values stay as they are. */
export function flatten(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0)
      Object.assign(out, flatten(value, name));
    else out[name] = value;
  }
  return out;
}

/**
 * The rows as one CSV document with a header line: the columns are every key of every row, in
 * the order first seen; a row without a column leaves its cell empty.
 */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of flat) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(csvCell), ...flat.map((row) => columns.map((c) => csvCell(row[c])))];
  return BOM + lines.map((cells) => `${cells.join(',')}\r\n`).join('');
}
