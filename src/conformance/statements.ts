/**
 * The statements of the published policy that the software keeps, each with a stable id derived
 * from the manifest. This one function is what the test gate, `custodian conformance` and the
 * page `/privacy/proof` list, so they cannot disagree about what is promised.
 *
 * Ids: `purpose:<key>` (with its legal basis), `recipient:<key>:fields` (exactly the fields the
 * manifest lists; `recipient:<key>` for one that gets data only on an assessed request, without a
 * field list), `retention:<rule>`, `right:<right>`, `security:<measure>` (the measures a security
 * statement claims), `cookie:<name>`. A renamed manifest key is a new statement: it needs its
 * proof again, which is the point.
 *
 * @example
 *   listStatements(manifest).map((s) => s.id); // ['purpose:payment', …, 'cookie:hs_cart']
 */
import type { Localized, Manifest, SecurityMeasure } from '../core/manifest/manifest.ts';
import {
  formatDuration,
  legalBasisArticle,
  legalBasisTerms,
  rightTerms,
  type Lang,
} from '../policy/policy-terms.ts';
import { measureTerms, proofText } from './proof.messages.ts';
import { statementKinds, type StatementKind } from './statement-kind.ts';

export { statementKinds, type StatementKind };

export interface Statement {
  id: string;
  kind: StatementKind;
  /** The promise in plain words, in each language. */
  text: Localized;
}

const each = (f: (lang: Lang) => string): Localized => ({ en: f('en'), fi: f('fi'), sv: f('sv') });

export function listStatements(manifest: Manifest): Statement[] {
  const out: Statement[] = [];
  for (const [key, p] of Object.entries(manifest.purposes)) {
    const basis = p.legalBasis;
    out.push({
      id: `purpose:${key}`,
      kind: 'purpose',
      text: each((l) =>
        basis
          ? `${p.label[l]}: ${legalBasisTerms[basis][l]} (${legalBasisArticle(basis, l)})`
          : p.label[l],
      ),
    });
  }
  for (const [key, r] of Object.entries(manifest.recipients)) {
    // Told by data category, in the reader's language; the gate enforces the field names.
    const categories = [...new Set(r.disclosures.flatMap((d) => d.categories))];
    const listed = r.disclosures.every((d) => d.fields !== undefined);
    out.push({
      id: listed ? `recipient:${key}:fields` : `recipient:${key}`,
      kind: 'recipient',
      text: each((l) =>
        listed
          ? `${r.label[l]}: ${proofText.onlyFields[l]} ${categories.map((c) => manifest.categories[c]?.label[l] ?? c).join(', ')}`
          : `${r.label[l]}: ${proofText.onRequestOnly[l]}`,
      ),
    });
  }
  for (const [key, rule] of Object.entries(manifest.retention)) {
    out.push({ id: `retention:${key}`, kind: 'retention', text: rule.label });
  }
  for (const right of manifest.rights) {
    out.push({ id: `right:${right}`, kind: 'right', text: rightTerms[right].label });
  }
  const measures = new Set<SecurityMeasure>(manifest.security.flatMap((s) => s.measures ?? []));
  for (const measure of measures) {
    out.push({ id: `security:${measure}`, kind: 'security', text: measureTerms[measure] });
  }
  for (const cookie of manifest.cookies) {
    out.push({
      id: `cookie:${cookie.name}`,
      kind: 'cookie',
      text: each(
        (l) => `${cookie.name}: ${cookie.purpose[l]} (${formatDuration(cookie.lifetime, l)})`,
      ),
    });
  }
  return out;
}
