/** Words of the rectification page (/privacy-center/rectification), in three languages. */
import type { Localized } from '../../kit/web/i18n.ts';

export const messages = {
  link: {
    en: 'Ask us to correct data you cannot edit yourself',
    fi: 'Pyydä korjaamaan tiedot, joita et voi muokata itse',
    sv: 'Be oss rätta uppgifter du inte kan ändra själv',
  },
  title: {
    en: 'Correct your data',
    fi: 'Korjaa tietosi',
    sv: 'Rätta dina uppgifter',
  },
  intro: {
    en: 'You have the right to have inaccurate data about you corrected and incomplete data completed (GDPR Art. 16).',
    fi: 'Sinulla on oikeus saada virheelliset tietosi korjatuiksi ja puutteelliset tietosi täydennetyiksi (tietosuoja-asetuksen 16 artikla).',
    sv: 'Du har rätt att få felaktiga uppgifter om dig rättade och ofullständiga uppgifter kompletterade (dataskyddsförordningen art. 16).',
  },
  selfTitle: {
    en: 'Fix these yourself, at once',
    fi: 'Korjaa nämä itse, heti',
    sv: 'Rätta dessa själv, direkt',
  },
  selfFields: {
    en: 'Your name, email address, phone number, postal address and date of birth: change them on your account page.',
    fi: 'Nimesi, sähköpostiosoitteesi, puhelinnumerosi, postiosoitteesi ja syntymäaikasi: muuta ne tilisivullasi.',
    sv: 'Ditt namn, din e-postadress, ditt telefonnummer, din postadress och ditt födelsedatum: ändra dem på din kontosida.',
  },
  selfLink: { en: 'Go to your account', fi: 'Siirry tilillesi', sv: 'Gå till ditt konto' },
  askTitle: {
    en: 'Anything else: ask us',
    fi: 'Kaikki muu: pyydä meiltä',
    sv: 'Allt annat: fråga oss',
  },
  askIntro: {
    en: 'For example the details of a past order or a delivery. Our staff make the correction and tell everyone we passed the data on to (Art. 19). We answer within one month.',
    fi: 'Esimerkiksi aiemman tilauksen tai toimituksen tiedot. Henkilökuntamme tekee korjauksen ja ilmoittaa siitä kaikille, joille olemme luovuttaneet tietoja (19 artikla). Vastaamme kuukauden kuluessa.',
    sv: 'Till exempel uppgifterna i en tidigare beställning eller leverans. Vår personal gör rättelsen och meddelar alla vi lämnat ut uppgifterna till (art. 19). Vi svarar inom en månad.',
  },
  details: {
    en: 'What is wrong, and what is right',
    fi: 'Mikä on väärin ja mikä oikein',
    sv: 'Vad som är fel och vad som är rätt',
  },
  detailsHint: {
    en: 'At most 2000 characters. Only our staff read it; it is kept encrypted.',
    fi: 'Enintään 2000 merkkiä. Vain henkilökuntamme lukee sen; se säilytetään salattuna.',
    sv: 'Högst 2000 tecken. Bara vår personal läser det; det sparas krypterat.',
  },
  required: {
    en: 'Tell us what is wrong and what is right.',
    fi: 'Kerro, mikä on väärin ja mikä oikein.',
    sv: 'Berätta vad som är fel och vad som är rätt.',
  },
  tooLong: {
    en: 'At most 2000 characters.',
    fi: 'Enintään 2000 merkkiä.',
    sv: 'Högst 2000 tecken.',
  },
  notSent: {
    en: 'The request was not sent:',
    fi: 'Pyyntöä ei lähetetty:',
    sv: 'Begäran skickades inte:',
  },
  send: { en: 'Send the request', fi: 'Lähetä pyyntö', sv: 'Skicka begäran' },
  back: {
    en: 'Back to the privacy center',
    fi: 'Takaisin tietosuojakeskukseen',
    sv: 'Tillbaka till integritetscentret',
  },
} satisfies Record<string, Localized>;
