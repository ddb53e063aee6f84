/**
 * Need-to-know: a staff member sees in clear the manifest categories their roles list and nothing
 * else. Outside them a value comes back masked (`Aino K••••`, `••••@example.fi`, `131052-****`).
 * A viewer whose roles list no identifying category (name, contact, identity code: marketing)
 * sees only their own categories: no masked name or contact either, pseudonymous behaviour only.
 *
 * Some categories stay masked even for roles that list them, until revealed with a typed reason
 * (`revealOnly`): a role may reveal a field of a category it lists, never one outside its roles.
 */
import type { Manifest } from '../../core/manifest/manifest.ts';

/** Identifying categories: a viewer with none of them sees no masked version of them either. */
const identifying = ['user.name', 'user.contact.*', 'user.identity_code'];

/** Shown masked to every role until revealed (with a reason) by a role that lists the category. */
export const revealOnly = ['user.birthday', 'user.financial.*'];

export const MASK = '••••';

/** True when a pattern (`user.contact.*`, `user.*`, `user.name`) covers the category. */
export function coversCategory(pattern: string, category: string): boolean {
  if (pattern.endsWith('.*')) {
    const base = pattern.slice(0, -2);
    return category === base || category.startsWith(`${base}.`);
  }
  return pattern === category;
}

const anyCovers = (patterns: readonly string[], category: string) =>
  patterns.some((p) => coversCategory(p, category));

export interface Viewer {
  roles: readonly string[];
  /** The union of the roles' categories in the manifest. */
  categories: readonly string[];
}

export function viewerOf(manifest: Manifest, roles: readonly string[]): Viewer {
  const categories = roles.flatMap((r) => manifest.roles[r]?.categories ?? []);
  return { roles, categories: [...new Set(categories)] };
}

export type Visibility = 'clear' | 'masked' | 'revealable' | 'hidden';

/** How a category's values reach this viewer. */
export function visibility(viewer: Viewer, category: string): Visibility {
  const listed = anyCovers(viewer.categories, category);
  if (listed) return anyCovers(revealOnly, category) ? 'revealable' : 'clear';
  const seesIdentity = identifying.some((i) => viewer.categories.some((c) => overlaps(c, i)));
  if (!seesIdentity) return 'hidden';
  return 'masked';
}

/** Two patterns share a category (`user.*` overlaps `user.contact.*`). */
function overlaps(a: string, b: string): boolean {
  const base = (p: string) => (p.endsWith('.*') ? p.slice(0, -2) : p);
  const [x, y] = [base(a), base(b)];
  return coversCategory(a, y) || coversCategory(b, x) || x === y;
}

/** A value masked the way its category is read: enough to recognise a record, not to use it. */
export function maskValue(category: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') return MASK;
  if (category === 'user.name') {
    const [first, ...rest] = value.trim().split(/\s+/);
    return [first, ...rest.map((w) => `${w[0] ?? ''}${MASK}`)].join(' ');
  }
  if (category === 'user.contact.email') {
    const at = value.lastIndexOf('@');
    return at > 0 ? `${MASK}${value.slice(at)}` : MASK;
  }
  if (category === 'user.identity_code') {
    // DDMMYY and the century sign: the birth date the code already reveals to anyone who has it.
    return /^\d{6}[-+A-FU-Y]/.test(value) ? `${value.slice(0, 7)}****` : MASK;
  }
  if (category === 'user.contact.phone') {
    const digits = value.replace(/\D/g, '');
    return digits.length > 4 ? `${MASK} ${digits.slice(-2)}` : MASK;
  }
  return MASK;
}

/** Masks every value of a row except its keys (the shape stays readable). */
export function maskRow(category: string, row: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, maskValue(category, v)]));
}
