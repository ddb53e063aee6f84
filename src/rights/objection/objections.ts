/**
 * Objection (Art. 21) as the engine sees it.
 *
 * - `marketing` (Art. 21(2)–(3)): to direct marketing and profiling for it. Absolute: it takes
 *   effect when the request runs, with no decision. Every consent key of a marketing purpose is
 *   refused in the consent ledger ({@link marketingConsentKeys}).
 * - `other` (Art. 21(1)): to named purposes that rest on legitimate interests. It waits for a
 *   staff decision with reasons: upheld stops those purposes for the person; overruled ("compelling
 *   legitimate grounds") ends the request with the reasons and the complaint route.
 */
import { consentKey } from '../../consent/consent-gate.ts';
import { ValidationError } from '../../kit/errors.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { ObjectionScope } from '../restriction/restrictions.tables.ts';

export const OBJECTION_SCOPES = ['marketing', 'other'] as const satisfies readonly ObjectionScope[];

/**
 * The ledger keys an objection to direct marketing refuses: of every purpose that is marketing
 * (the `marketing` cookie category, a marketing channel such as the newsletter or SMS) or
 * profiling to promote products (`personalisation`: recommendations from what one viewed).
 */
export function marketingConsentKeys(manifest: Manifest): string[] {
  const keys = new Set<string>();
  for (const [key, purpose] of Object.entries(manifest.purposes)) {
    const marketing =
      purpose.consentCategory === 'marketing' ||
      purpose.consentCategory === 'personalisation' ||
      purpose.consentChannel !== undefined;
    if (marketing) keys.add(consentKey(key, purpose));
  }
  return [...keys].sort();
}

/** Purposes one may object to on other grounds: those resting on legitimate interests. */
export function objectablePurposes(manifest: Manifest): string[] {
  return Object.entries(manifest.purposes)
    .filter(([, p]) => p.legalBasis === 'legitimate_interests')
    .map(([k]) => k)
    .sort();
}

/** Checks what an objection names against the manifest; the scope defaults to marketing. */
export function checkObjection(
  manifest: Manifest,
  input: { scope?: ObjectionScope | undefined; purposes?: string[] | undefined },
): { scope: ObjectionScope; purposes: string[] } {
  const scope = input.scope ?? 'marketing';
  const purposes = [...new Set(input.purposes ?? [])].sort();
  if (scope === 'marketing') {
    if (purposes.length > 0)
      throw new ValidationError('An objection to direct marketing names no purposes.', {
        purposes: 'only with scope "other"',
      });
    return { scope, purposes };
  }
  const allowed = objectablePurposes(manifest);
  if (purposes.length === 0)
    throw new ValidationError('Name the purposes you object to.', {
      purposes: `one or more of: ${allowed.join(', ')}`,
    });
  const wrong = purposes.filter((p) => !allowed.includes(p));
  if (wrong.length > 0)
    throw new ValidationError(
      `Only processing based on legitimate interests can be objected to this way: ${wrong.join(', ')}.`,
      { purposes: `one or more of: ${allowed.join(', ')}` },
    );
  return { scope, purposes };
}
