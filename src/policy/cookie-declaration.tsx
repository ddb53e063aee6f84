/**
 * The cookie declaration (`/cookies`): every cookie and storage item of the manifest, grouped
 * by consent category, and the `#settings` area the footer's "Cookie settings" link opens; the
 * consent banner script finds its button by `data-cookie-settings`.
 */
import { consentCategories, type Localized, type Manifest } from '../core/manifest/manifest.ts';
import { formatLifetimeRange, lifetimeRange } from './cookie-section.ts';
import { prose } from './policy-messages.ts';
import { formatDuration, partyTerms, storageTerms, type Lang } from './policy-terms.ts';

export const cookieText = {
  title: { en: 'Cookie declaration', fi: 'Evästeseloste', sv: 'Kakdeklaration' },
  settings: { en: 'Cookie settings', fi: 'Evästeasetukset', sv: 'Kakinställningar' },
  settingsText: {
    en: 'You can change or withdraw your choices at any time; refusing is as easy as accepting.',
    fi: 'Voit muuttaa tai peruuttaa valintasi milloin tahansa; kieltäytyminen on yhtä helppoa kuin hyväksyminen.',
    sv: 'Du kan när som helst ändra eller återkalla dina val; att avböja är lika enkelt som att godkänna.',
  },
  open: { en: 'Change cookie settings', fi: 'Muuta evästeasetuksia', sv: 'Ändra kakinställningar' },
  policy: {
    en: 'More in the privacy policy',
    fi: 'Lisää tietosuojaselosteessa',
    sv: 'Mer i integritetspolicyn',
  },
  httpOnly: {
    en: 'not readable by scripts',
    fi: 'ei luettavissa skripteillä',
    sv: 'kan inte läsas av skript',
  },
} satisfies Record<string, Localized>;

export function CookieDeclaration({ manifest: m, lang }: { manifest: Manifest; lang: Lang }) {
  const t = (l: Localized) => l[lang];
  return (
    <article class="cookies" data-consent-policy="">
      <h1>{t(cookieText.title)}</h1>
      <p>{t(prose.cookiesIntro)}</p>
      {consentCategories.map((category) => {
        const info = m.consent.categories[category];
        const cookies = m.cookies.filter((c) => c.category === category);
        const range = lifetimeRange(cookies.map((c) => c.lifetime));
        return (
          <section id={`category-${category}`} aria-labelledby={`category-${category}-heading`}>
            <h2 id={`category-${category}-heading`}>
              {t(info.label)}{' '}
              <span class="muted">
                ({category === 'functional' ? t(prose.alwaysOn) : t(prose.needsConsent)})
              </span>
            </h2>
            <p>{t(info.description)}</p>
            {range && (
              <p>
                {t(prose.lifetime)}: {formatLifetimeRange(range, lang)}
              </p>
            )}
            {cookies.length > 0 && (
              <section class="table-wrap" aria-label={t(info.label)} tabindex={0}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t(prose.name)}</th>
                      <th scope="col">{t(prose.type)}</th>
                      <th scope="col">{t(prose.purpose)}</th>
                      <th scope="col">{t(prose.lifetime)}</th>
                      <th scope="col">{t(prose.provider)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cookies.map((c) => (
                      <tr>
                        <th scope="row">
                          <code>{c.name}</code>
                        </th>
                        <td>
                          {t(storageTerms[c.storage])}
                          {c.httpOnly ? `, ${t(cookieText.httpOnly)}` : ''}
                        </td>
                        <td>{t(c.purpose)}</td>
                        <td>{formatDuration(c.lifetime, lang)}</td>
                        <td>
                          {c.provider ?? m.store.name}, {t(partyTerms[c.party])}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
          </section>
        );
      })}
      <section id="settings" aria-labelledby="settings-heading" class="cookie-settings">
        <h2 id="settings-heading">{t(cookieText.settings)}</h2>
        <p>{t(cookieText.settingsText)}</p>
        <button type="button" data-cookie-settings="">
          {t(cookieText.open)}
        </button>
        <p>
          <a href="/privacy#cookies">{t(cookieText.policy)}</a>
        </p>
      </section>
    </article>
  );
}
