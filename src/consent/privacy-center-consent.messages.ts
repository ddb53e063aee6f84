/** Words of the privacy center's consent page. */
import type { Localized } from '../web/i18n.ts';

export const messages = {
  title: { en: 'Your cookie choices', fi: 'Evästevalintasi', sv: 'Dina kakval' },
  intro: {
    en: 'Change or withdraw your consent at any time. Withdrawing is as easy as giving, and takes effect at once.',
    fi: 'Voit muuttaa tai peruuttaa suostumuksesi milloin tahansa. Peruuttaminen on yhtä helppoa kuin antaminen, ja se tulee voimaan heti.',
    sv: 'Du kan ändra eller återkalla ditt samtycke när som helst. Att återkalla är lika enkelt som att ge, och gäller genast.',
  },
  saved: {
    en: 'Your choices are saved.',
    fi: 'Valintasi on tallennettu.',
    sv: 'Dina val är sparade.',
  },
  history: { en: 'Your earlier choices', fi: 'Aiemmat valintasi', sv: 'Dina tidigare val' },
  historyCaption: {
    en: 'The latest 20 choices, newest first',
    fi: 'Viimeisimmät 20 valintaa, uusin ensin',
    sv: 'De senaste 20 valen, nyaste först',
  },
  noHistory: {
    en: 'No choices have been recorded for this browser yet.',
    fi: 'Tälle selaimelle ei ole vielä tallennettu valintoja.',
    sv: 'Inga val har ännu sparats för den här webbläsaren.',
  },
  when: { en: 'When (UTC)', fi: 'Milloin (UTC)', sv: 'När (UTC)' },
  where: { en: 'Where', fi: 'Missä', sv: 'Var' },
  choices: { en: 'Choices', fi: 'Valinnat', sv: 'Val' },
  on: { en: 'yes', fi: 'kyllä', sv: 'ja' },
  off: { en: 'no', fi: 'ei', sv: 'nej' },
  banner: { en: 'Cookie banner', fi: 'Evästebanneri', sv: 'Kakbanner' },
  privacy_center: { en: 'Privacy center', fi: 'Tietosuojakeskus', sv: 'Integritetscenter' },
  api: { en: 'Shop', fi: 'Kauppa', sv: 'Butik' },
  download: {
    en: 'Download the full record of your choices (JSON)',
    fi: 'Lataa valintojesi koko tallenne (JSON)',
    sv: 'Ladda ner hela registret över dina val (JSON)',
  },
} satisfies Record<string, Localized>;
