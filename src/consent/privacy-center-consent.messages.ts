/** Words of the privacy center's consent page. */
import type { Localized } from '../kit/web/i18n.ts';

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
  newsletterTitle: {
    en: 'Newsletter and text messages',
    fi: 'Uutiskirje ja tekstiviestit',
    sv: 'Nyhetsbrev och sms',
  },
  newsletterNone: {
    en: 'You are not subscribed to the newsletter or to text messages.',
    fi: 'Et ole tilannut uutiskirjettä etkä tekstiviestejä.',
    sv: 'Du prenumererar inte på nyhetsbrevet eller sms.',
  },
  newsletterOn: {
    en: 'You receive the newsletter (new products and sale offers).',
    fi: 'Saat uutiskirjeen (uudet tuotteet ja alennustarjoukset).',
    sv: 'Du får nyhetsbrevet (nya produkter och reaerbjudanden).',
  },
  newsletterPending: {
    en: 'Your newsletter subscription waits for the confirmation link we emailed.',
    fi: 'Uutiskirjetilauksesi odottaa sähköpostiisi lähetetyn vahvistuslinkin avaamista.',
    sv: 'Din prenumeration väntar på bekräftelselänken vi skickade per e-post.',
  },
  smsOn: {
    en: 'You also receive marketing text messages.',
    fi: 'Saat myös markkinointitekstiviestejä.',
    sv: 'Du får också marknadsförings-sms.',
  },
  newsletterWithdraw: {
    en: 'Withdraw newsletter and text message consent',
    fi: 'Peruuta uutiskirje- ja tekstiviestisuostumus',
    sv: 'Återkalla samtycket till nyhetsbrev och sms',
  },
  newsletterWithdrawn: {
    en: 'Your newsletter and text message consent is withdrawn: nothing more will be sent.',
    fi: 'Uutiskirje- ja tekstiviestisuostumuksesi on peruutettu: mitään ei enää lähetetä.',
    sv: 'Ditt samtycke till nyhetsbrev och sms är återkallat: inget mer skickas.',
  },
} satisfies Record<string, Localized>;
