/**
 * The privacy center's line about a restriction of processing (Art. 18) that holds: since when,
 * and that the customer will be told before it is lifted.
 */
import { text, type Lang } from '../../kit/web/i18n.ts';

const messages = {
  restrictedSince: {
    en: 'Processing of your data is restricted since {date}',
    fi: 'Tietojesi käsittelyä on rajoitettu {date} alkaen',
    sv: 'Behandlingen av dina uppgifter är begränsad sedan {date}',
  },
  onlyStored: {
    en: 'We only store your data: no marketing, analytics, recommendations or disclosures, except what the law requires or legal claims need. We will tell you before the restriction is lifted.',
    fi: 'Säilytämme tietojasi ainoastaan: emme käytä niitä markkinointiin, analytiikkaan tai suosituksiin emmekä luovuta niitä, paitsi jos laki sitä vaatii tai oikeusvaateen laatiminen, esittäminen tai puolustaminen sitä edellyttää. Kerromme sinulle ennen kuin rajoitus poistetaan.',
    sv: 'Vi lagrar endast dina uppgifter: ingen marknadsföring, analys, rekommendationer eller utlämnanden, utom vad lagen kräver eller rättsliga anspråk behöver. Vi meddelar dig innan begränsningen upphävs.',
  },
};

export function RestrictionNotice({ lang, since }: { lang: Lang; since: string | null }) {
  if (!since) return null;
  // The date sits where each language puts it (Finnish: "… {date} alkaen").
  const [before = '', after = ''] = text(messages.restrictedSince, lang).split('{date}');
  return (
    <section class="notice" aria-labelledby="restriction-heading">
      <p id="restriction-heading">
        <strong>
          {before}
          <time datetime={since}>{since.slice(0, 10)}</time>
          {after}
        </strong>
      </p>
      <p>{text(messages.onlyStored, lang)}</p>
    </section>
  );
}
