/**
 * Reading request bodies so that bad input is a 400 that says what is wrong, never a 500:
 * `readForm` for HTML forms (urlencoded or multipart), and `rejectNulBytes`, one guard in front
 * of every route: no text this app accepts may hold a NUL character (PostgreSQL refuses it in
 * text, error 22021, so it must never get that far).
 *
 * @example
 *   app.use(rejectNulBytes());
 *   app.post('/newsletter', async (c) => { const form = await readForm(c); … });
 */
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '../errors.ts';

export class MalformedFormError extends DomainError {
  constructor() {
    super('bad_request', {
      en: 'The form data could not be read. Please send the form again.',
      fi: 'Lomakkeen tietoja ei voitu lukea. Lähetä lomake uudelleen.',
      sv: 'Formulärets uppgifter kunde inte läsas. Skicka formuläret igen.',
    });
  }
}

export class NulCharacterError extends DomainError {
  constructor() {
    super('bad_request', {
      en: 'The request contains a NUL character, which no field accepts.',
      fi: 'Pyynnössä on NUL-merkki, jota mikään kenttä ei hyväksy.',
      sv: 'Begäran innehåller ett NUL-tecken, som inget fält godtar.',
    });
  }
}

/**
 * An HTML form's fields as strings (files are dropped: no form here uploads one). A body that
 * cannot be parsed (a multipart body without its boundary, a cut-off part) is a MalformedFormError.
 * A request that is not a form gives no fields, as Hono's parseBody does.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const parsed = await parse(c, false);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') fields[k] = v;
  return fields;
}

/**
 * As `readForm`, for a form whose field may repeat (a list of checkboxes): a repeated field is an
 * array of its strings, a single one a string.
 */
export async function readFormWithLists(c: Context): Promise<Record<string, string | string[]>> {
  const parsed = await parse(c, true);
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string') fields[k] = v;
    else if (Array.isArray(v)) fields[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return fields;
}

async function parse(c: Context, all: boolean): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody({ all });
  } catch (err) {
    if (err instanceof DomainError) throw err; // the body limit's 413
    throw new MalformedFormError();
  }
}

// A NUL as a raw byte, percent-encoded (forms, URLs) or as a JSON escape not itself escaped.
const encodedNul = /%00/i;
const jsonNul = /(?:^|[^\\])(?:\\\\)*\\u0000/i;

function hasNul(text: string): boolean {
  return text.includes('\0') || encodedNul.test(text) || jsonNul.test(text);
}

/** Refuses any request whose URL or body carries a NUL character (400). */
export function rejectNulBytes(): MiddlewareHandler {
  return async (c, next) => {
    if (hasNul(c.req.url)) throw new NulCharacterError();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.raw.body) {
      // Bytes, not text: a signed body (webhooks) must reach its route exactly as sent. Hono
      // caches them for c.req.*; a fresh raw request serves middleware that reads the stream
      // itself (a route's own bodyLimit), as Hono's bodyLimit does.
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (hasNul(Buffer.from(bytes).toString('latin1'))) throw new NulCharacterError();
      c.req.raw = new Request(c.req.raw, { body: bytes });
    }
    await next();
  };
}
