/**
 * Reading request bodies so that bad input is a 400 that says what is wrong, never a 500:
 * `readForm` for HTML forms (urlencoded or multipart), `readJson` for the JSON APIs, and
 * `readRequestBody`, one guard in
 * front of every route, which reads the body once: no text this app accepts may hold a NUL
 * character (PostgreSQL refuses it in text, error 22021, so it must never get that far).
 *
 * @example
 *   app.use(readRequestBody({ maxBytes: 256 * 1024, tooLarge: () => new DomainError(…) }));
 *   app.post('/newsletter', async (c) => { const form = await readForm(c); … });
 */
import { IncomingMessage } from 'node:http';
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

/** A JSON request body, parsed; a body that is not JSON is a 400 that says so. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DomainError('bad_request', 'The request body must be JSON.');
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

/**
 * Reads every request's body once, before any route: refuses one over `maxBytes` (the error
 * `tooLarge` makes) and any request whose URL or body carries a NUL character (400). The bytes
 * are left where every later reader finds them: Hono's body cache (`c.req.text()`, `json()`,
 * `arrayBuffer()`, `parseBody()`) and, on the Node server, `rawBody` on the incoming message, from
 * which @hono/node-server builds `c.req.raw` should a route read it (a route's own bodyLimit).
 * Bytes, not text: a signed body (webhooks) reaches its route exactly as sent.
 *
 * On the Node server the body is read from the socket's message directly: building the web
 * `Request` and its stream for every write, and a second `Request` to put the bytes back, was a
 * fifth of a consent write's CPU time (bench:consent's profile, docs/consent-api.md).
 */
export function readRequestBody(options: {
  maxBytes: number;
  tooLarge: () => Error;
}): MiddlewareHandler {
  const { maxBytes, tooLarge } = options;
  return async (c, next) => {
    if (hasNul(c.req.url)) throw new NulCharacterError();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > maxBytes) throw tooLarge();
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    let bytes: Buffer;
    if (incoming instanceof IncomingMessage) {
      bytes = await readIncoming(incoming, maxBytes, tooLarge);
      // @hono/node-server builds c.req.raw's body from this when asked (its rawBody support).
      (incoming as IncomingMessage & { rawBody?: Buffer }).rawBody = bytes;
    } else {
      // In-process requests (app.request in tests): a web Request already.
      if (!c.req.raw.body) return next();
      bytes = Buffer.from(await c.req.raw.arrayBuffer());
      if (bytes.length > maxBytes) throw tooLarge();
      c.req.raw = new Request(c.req.raw, { body: new Uint8Array(bytes) });
    }
    // A raw NUL is a 0x00 byte in UTF-8 too (never part of another character), so the decoded
    // text shows it as the bytes would.
    const text = bytes.toString('utf8');
    if (hasNul(text)) throw new NulCharacterError();
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.arrayBuffer = Promise.resolve(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
    cache.text = Promise.resolve(text);
    await next();
  };
}

/** The message's bytes, refused as soon as they pass `maxBytes` (a chunked body has no length). */
function readIncoming(
  incoming: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // The rest is discarded: the stream keeps flowing without a listener.
        done(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done();
    const onError = (err: Error) => done(err);
    // Before 'end': the client went away mid-body.
    const onClose = () => done(new Error('The client closed the request before its body.'));
    incoming.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
