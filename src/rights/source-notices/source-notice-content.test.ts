/**
 * The Art. 14 notice against the list in RULES.md ("Art. 14(1)–(2) contents"), in every language,
 * for both kinds of source: every item is present, and each comes from the manifest (so the test
 * reads the manifest for the expected words rather than repeating the notice's own text).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../core/manifest/manifest-loader.ts';
import type { Manifest } from '../../core/manifest/manifest.ts';
import type { ThirdPartySource } from '../../core/third-party-data.ts';
import type { Lang } from '../../kit/web/i18n.ts';
import {
  legalBasisArticle,
  legalBasisTerms,
  rightTerms,
  transferTerms,
} from '../../policy/policy-terms.ts';
import { renderNoticeText, sourceNotice } from './source-notice-content.ts';
import { noticeText } from './source-notices.messages.ts';

let manifest: Manifest;
beforeAll(async () => {
  manifest = (await loadManifest('privacy/hersecret.yaml')).manifest;
});

const received = new Date('2026-11-30T12:00:00Z');
const cases = (['google', 'avarda'] as const).flatMap((source) =>
  (['en', 'fi', 'sv'] as const).map((lang) => [source, lang] as [ThirdPartySource, Lang]),
);

describe('the Art. 14 notice', () => {
  it('takes from the manifest what came from each source', () => {
    const google = sourceNotice(manifest, 'google');
    expect(google.categories).toEqual(['user.contact.email', 'user.sign_in']);
    const avarda = sourceNotice(manifest, 'avarda');
    expect(avarda.categories).toContain('user.financial.credit');
    expect(avarda.purposes).toContain('credit_decision');
    expect(avarda.recipients).toContain('avarda_credit');
    // Nothing the source did not give: the browsing data's purposes are not in Avarda's notice.
    expect(avarda.purposes).not.toContain('analytics');
  });

  it.each(cases)('about %s in %s has every item of Art. 14(1)–(2)', (source, lang) => {
    const notice = sourceNotice(manifest, source);
    const { subject, text } = renderNoticeText(manifest, notice, lang, received);
    const c = manifest.controller;

    // 14(1)(a), (b): the controller's identity and contacts, and the DPO's.
    for (const part of [c.name, c.businessId, c.address.street, c.privacyEmail]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(c.dpo.name);
    expect(text).toContain(c.dpo.email);
    // 14(1)(c): every purpose with its legal basis; 14(2)(b): the legitimate interests relied on.
    expect(notice.purposes.length).toBeGreaterThan(0);
    let interests = 0;
    for (const key of notice.purposes) {
      const p = manifest.purposes[key]!;
      expect(text).toContain(p.label[lang]);
      expect(text).toContain(legalBasisTerms[p.legalBasis!][lang]);
      expect(text).toContain(legalBasisArticle(p.legalBasis!, lang));
      if (p.legitimateInterest) {
        interests += 1;
        expect(text).toContain(p.legitimateInterest[lang]);
      }
    }
    expect(interests, 'the sources feed purposes on legitimate interests').toBeGreaterThan(0);
    // 14(1)(d): the categories concerned; 14(2)(a): how long each is kept.
    for (const key of notice.categories) {
      const category = manifest.categories[key]!;
      expect(text).toContain(category.label[lang]);
      expect(text).toContain(manifest.retention[category.retention]!.label[lang]);
    }
    // 14(1)(e): the recipients; 14(1)(f): each one's country and transfer safeguard.
    for (const key of notice.recipients) {
      const r = manifest.recipients[key]!;
      expect(text).toContain(r.label[lang]);
      expect(text).toContain(transferTerms[r.transfer.basis][lang]);
    }
    // None of HerSecret's recipients of these categories is outside the EU/EEA, and it says so.
    expect(text).toContain(noticeText.noThirdCountry[lang]);
    // 14(2)(c): the rights; 14(2)(d): withdrawal of consent; 14(2)(e): the complaint route.
    for (const right of [
      'access',
      'rectification',
      'erasure',
      'restriction',
      'objection',
      'portability',
      'withdraw_consent',
      'complaint',
    ] as const) {
      expect(text).toContain(
        right === 'complaint' ? rightTerms[right].description[lang] : rightTerms[right].label[lang],
      );
    }
    expect(text).toContain(manifest.supervisoryAuthority.name[lang]);
    expect(text).toContain(manifest.supervisoryAuthority.url);
    // 14(2)(f): the source, and that it is not a public one.
    const label = manifest.sources[notice.manifestSource]!.label[lang];
    expect(text).toContain(label);
    expect(subject).toContain(source === 'google' ? 'Google' : 'Avarda');
    // 14(2)(g): automated decisions with their logic (Avarda's credit decision: the Avarda data
    // and the email both feed it), or that there are none.
    const automated = notice.purposes.filter((k) => manifest.purposes[k]!.automatedDecision);
    expect(automated).toContain('credit_decision');
    for (const key of automated) {
      expect(text).toContain(manifest.purposes[key]!.automatedDecision![lang]);
    }
    expect(text).not.toContain(noticeText.noAutomated[lang]);
    // What was received and when.
    expect(text).toMatch(/2026|30\.11\./);
  });

  it.each(['en', 'fi', 'sv'] as const)(
    'in %s names a third country and its safeguard when a recipient is outside the EU/EEA',
    (lang) => {
      // A manifest where the sign-in email also goes to WhatsApp (United States).
      const changed = structuredClone(manifest);
      changed.recipients.whatsapp!.disclosures[0]!.categories.push('user.contact.email');
      const notice = sourceNotice(changed, 'google');
      expect(notice.recipients).toContain('whatsapp');
      const { text } = renderNoticeText(changed, notice, lang, received);
      expect(text).toContain(noticeText.thirdCountry[lang]);
      expect(text).toContain(transferTerms.eu_us_dpf[lang]);
      expect(text).toContain(changed.recipients.whatsapp!.transfer.note![lang]);
      expect(text).not.toContain(noticeText.noThirdCountry[lang]);
    },
  );

  it.each(['fi', 'sv'] as const)('in %s has none of the English text', (lang) => {
    for (const source of ['google', 'facebook', 'avarda'] as const) {
      const { subject, text } = renderNoticeText(
        manifest,
        sourceNotice(manifest, source),
        lang,
        received,
      );
      for (const [key, message] of Object.entries(noticeText)) {
        const english = message.en.split('{')[0]!.trim();
        if (english.length < 8) continue;
        expect(`${subject}\n${text}`, key).not.toContain(english);
      }
      for (const p of Object.values(manifest.purposes)) expect(text).not.toContain(p.label.en);
    }
  });
});
