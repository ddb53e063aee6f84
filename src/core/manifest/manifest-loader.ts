/**
 * Reads a privacy manifest from YAML and validates it against the schema. Every problem is
 * reported at once, each with the file, line:column and the path inside the manifest
 * (`recipients.posti.country`), as a {@link ManifestError}; nothing else is ever thrown, so the
 * CLI and the service can print the findings instead of a stack trace.
 *
 * @example
 *   const { manifest, locations } = await loadManifest('privacy/hersecret.yaml');
 *   locations.at(['recipients', 'posti', 'country']); // { line: 412, column: 14 }
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { manifestSchema, type Manifest } from './manifest.ts';
import { readParsed, writeParsed } from './manifest-parse-cache.ts';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/** Where each part of a manifest was written, for messages that point into the file. */
export interface ManifestLocations {
  file: string;
  /** The position of the node at `path`, or of its nearest ancestor that exists. */
  at(path: readonly PathSegment[]): Position | undefined;
}

export interface ManifestIssue extends Partial<Position> {
  path: string;
  message: string;
}

export interface LoadedManifest {
  manifest: Manifest;
  locations: ManifestLocations;
  /** The YAML text as read, for hashing or showing. */
  source: string;
}

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ManifestIssue[],
  ) {
    super(
      `${file}: the privacy manifest is invalid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n` +
        issues.map((i) => `  ${formatIssue(file, i)}`).join('\n'),
    );
    this.name = 'ManifestError';
  }
}

export function formatIssue(file: string, issue: ManifestIssue): string {
  const where = issue.line ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  return `${where}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** `recipients.posti.country`, `cookies[3].lifetime`, `categories["user.name"].label`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * `parseCache`: a file where the YAML's data is kept between runs (the server passes one under
 * DATA_DIR; ./manifest-parse-cache.ts). Validation runs either way.
 */
export async function loadManifest(
  file: string,
  options: { parseCache?: string } = {},
): Promise<LoadedManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'this is a directory, not a file'
          : `the file cannot be read (${typeof code === 'string' ? code : 'unknown error'})`;
    throw new ManifestError(file, [{ path: '', message: reason }]);
  }
  return parseManifest(text, file, options.parseCache);
}

/** Parses and validates manifest YAML; `file` only names the source in messages. */
export function parseManifest(
  text: string,
  file = '<manifest>',
  parseCache?: string,
): LoadedManifest {
  if (parseCache) {
    const data = readParsed(parseCache, text);
    const parsed = data === undefined ? undefined : manifestSchema.safeParse(data);
    // Invalid under today's schema: the full parse below reports it with lines and columns.
    if (parsed?.success)
      return { manifest: parsed.data, locations: lazyLocations(text, file), source: text };
  }
  try {
    const { data, ...loaded } = parseUnsafe(text, file);
    if (parseCache) writeParsed(parseCache, text, data);
    return loaded;
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    // The yaml library can throw on pathological input (alias bombs, deep nesting).
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ManifestError(file, [{ path: '', message: `cannot read the YAML: ${message}` }]);
  }
}

function parseUnsafe(text: string, file: string): LoadedManifest & { data: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locations = locator(file, doc, lineCounter);
  if (doc.errors.length > 0) {
    throw new ManifestError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          path: '',
          line: pos.line,
          column: pos.col,
          message: `malformed YAML: ${e.message.split(' at line')[0]}`,
        };
      }),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) throw new ManifestError(file, zodIssues(parsed.error, locations));
  return { manifest: parsed.data, locations, source: text, data };
}

/** Positions for a manifest loaded from the parse cache: the YAML is parsed if one is asked for. */
function lazyLocations(text: string, file: string): ManifestLocations {
  let real: ManifestLocations | undefined;
  return {
    file,
    at(path) {
      if (!real) {
        const lineCounter = new LineCounter();
        const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
        real = locator(file, doc, lineCounter);
      }
      return real.at(path);
    },
  };
}

function zodIssues(error: z.ZodError, locations: ManifestLocations): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter(
      (p): p is PathSegment => typeof p === 'string' || typeof p === 'number',
    );
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        const at = [...path, k];
        issues.push({
          path: formatPath(at),
          ...locations.at(at),
          message: `unknown key "${k}" (check its spelling; the schema allows no other keys here)`,
        });
      }
      continue;
    }
    issues.push({ path: formatPath(path), ...locations.at(path), message: describe(issue) });
  }
  return issues;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return `required, but missing (expected ${issue.expected})`;
  return issue.message;
}

function locator(file: string, doc: Document, lineCounter: LineCounter): ManifestLocations {
  const position = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    file,
    at(path) {
      let node: unknown = doc.contents;
      let found: Position | undefined =
        rangeOf(node) !== undefined ? position(rangeOf(node)!) : undefined;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isScalar(p.key) && String(p.key.value) === String(segment),
          );
          if (!pair) break;
          // Point at the key: "the value of X is wrong" reads best next to X.
          const keyOffset = rangeOf(pair.key);
          if (keyOffset !== undefined) found = position(keyOffset);
          node = pair.value;
          const valueOffset = rangeOf(node);
          if (valueOffset !== undefined && !isMap(node) && !isSeq(node))
            found = position(valueOffset);
        } else if (isSeq(node) && typeof segment === 'number') {
          const item: unknown = node.items[segment];
          if (item === undefined) break;
          node = item;
          const offset = rangeOf(node);
          if (offset !== undefined) found = position(offset);
        } else break;
      }
      return found;
    },
  };
}

function rangeOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
