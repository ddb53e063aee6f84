/**
 * The privacy center's line about a restriction of processing (Art. 18) that holds: since when,
 * and that the customer will be told before it is lifted.
 */
import { text, type Lang } from '../../kit/web/i18n.ts';

const messages = {
  restrictedSince: {
    en: 'Processing of your data is restricted since',
    fi: 'Tietojesi käsittely on rajoitettu alkaen',
    sv: 'Behandlingen av dina uppgifter är begränsad sedan',
  },
  onlyStored: {
    en: 'We only store your data: no marketing, analytics, recommendations or disclosures, except what the law requires or legal claims need. We will tell you before the restriction is lifted.',
    fi: 'Vain säilytämme tietojasi: ei markkinointia, analytiikkaa, suosituksia eikä luovutuksia, paitsi mitä laki vaatii tai oikeusvaateet edellyttävät. Kerromme sinulle ennen kuin rajoitus poistetaan.',
    sv: 'Vi lagrar endast dina uppgifter: ingen marknadsföring, analys, rekommendationer eller utlämnanden, utom vad lagen kräver eller rättsliga anspråk behöver. Vi meddelar dig innan begränsningen upphävs.',
  },
};

export function RestrictionNotice({ lang, since }: { lang: Lang; since: string | null }) {
  if (!since) return null;
  return (
    <section class="notice" aria-labelledby="restriction-heading">
      <p id="restriction-heading">
        <strong>
          {text(messages.restrictedSince, lang)} <time datetime={since}>{since.slice(0, 10)}</time>
        </strong>
      </p>
      <p>{text(messages.onlyStored, lang)}</p>
    </section>
  );
}
