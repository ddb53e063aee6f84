/**
 * The words for the manifest's enums in English, Finnish and Swedish (legal bases, transfer
 * mechanisms, rights, roles), and the formatting of dates, durations and countries. The manifest
 * holds the store's own texts; these are the same for every store.
 */
import { parseDuration, type DurationUnit } from '../core/manifest/duration.ts';
import type {
  ConsentCategory,
  ConsentChannel,
  LegalBasis,
  Localized,
  Right,
  TransferBasis,
} from '../core/manifest/manifest.ts';

export type Lang = keyof Localized;

export const legalBasisTerms: Record<LegalBasis, Localized> = {
  consent: { en: 'Consent', fi: 'Suostumus', sv: 'Samtycke' },
  contract: { en: 'Contract', fi: 'Sopimus', sv: 'Avtal' },
  legal_obligation: {
    en: 'Legal obligation',
    fi: 'Lakisääteinen velvoite',
    sv: 'Rättslig förpliktelse',
  },
  vital_interests: { en: 'Vital interests', fi: 'Elintärkeä etu', sv: 'Grundläggande intressen' },
  public_task: {
    en: 'Task in the public interest',
    fi: 'Yleisen edun mukainen tehtävä',
    sv: 'Uppgift av allmänt intresse',
  },
  legitimate_interests: {
    en: 'Legitimate interests',
    fi: 'Oikeutettu etu',
    sv: 'Berättigat intresse',
  },
};

const articlePoint: Record<LegalBasis, string> = {
  consent: 'a',
  contract: 'b',
  legal_obligation: 'c',
  vital_interests: 'd',
  public_task: 'e',
  legitimate_interests: 'f',
};

/** "GDPR Art. 6(1)(b)" / "GDPR 6 art. 1 kohdan b alakohta" / "GDPR art. 6.1 b". */
export function legalBasisArticle(basis: LegalBasis, lang: Lang): string {
  const point = articlePoint[basis];
  if (lang === 'fi') return `GDPR 6 art. 1 kohdan ${point} alakohta`;
  if (lang === 'sv') return `GDPR art. 6.1 ${point}`;
  return `GDPR Art. 6(1)(${point})`;
}

export const transferTerms: Record<TransferBasis, Localized> = {
  none_needed: {
    en: 'Within the EU/EEA, no transfer safeguard needed',
    fi: 'EU:n/ETA:n sisällä, siirtoperustetta ei tarvita',
    sv: 'Inom EU/EES, ingen överföringsgrund behövs',
  },
  adequacy: {
    en: 'Adequacy decision of the European Commission (GDPR Art. 45)',
    fi: 'Euroopan komission tietosuojan riittävyyttä koskeva päätös (GDPR 45 art.)',
    sv: 'Europeiska kommissionens beslut om adekvat skyddsnivå (GDPR art. 45)',
  },
  eu_us_dpf: {
    en: 'EU–US Data Privacy Framework (adequacy decision of 10 July 2023, GDPR Art. 45)',
    fi: 'EU:n ja Yhdysvaltojen välinen tietosuojakehys (riittävyyspäätös 10.7.2023, GDPR 45 art.)',
    sv: 'Ramen för dataskydd mellan EU och USA (beslut om adekvat skyddsnivå 10.7.2023, GDPR art. 45)',
  },
  scc: {
    en: 'Standard contractual clauses approved by the European Commission (GDPR Art. 46)',
    fi: 'Euroopan komission hyväksymät vakiosopimuslausekkeet (GDPR 46 art.)',
    sv: 'Standardavtalsklausuler som godkänts av Europeiska kommissionen (GDPR art. 46)',
  },
  bcr: {
    en: 'Binding corporate rules (GDPR Art. 47)',
    fi: 'Yritystä koskevat sitovat säännöt (GDPR 47 art.)',
    sv: 'Bindande företagsbestämmelser (GDPR art. 47)',
  },
  derogation: {
    en: 'Derogation for a specific situation (GDPR Art. 49)',
    fi: 'Poikkeus erityistilanteessa (GDPR 49 art.)',
    sv: 'Undantag i särskilda situationer (GDPR art. 49)',
  },
  privacy_shield: {
    en: 'EU–US Privacy Shield (invalid since 16 July 2020)',
    fi: 'EU:n ja Yhdysvaltojen Privacy Shield (pätemätön 16.7.2020 alkaen)',
    sv: 'Privacy Shield mellan EU och USA (ogiltig sedan 16.7.2020)',
  },
};

export const rightTerms: Record<Right, { label: Localized; description: Localized }> = {
  access: {
    label: { en: 'Right of access', fi: 'Oikeus saada pääsy tietoihin', sv: 'Rätt till tillgång' },
    description: {
      en: 'You may see the personal data we hold about you and receive a copy of it (GDPR Art. 15).',
      fi: 'Voit tarkastaa sinusta tallennetut henkilötiedot ja saada niistä jäljennöksen (GDPR 15 art.).',
      sv: 'Du kan ta del av de personuppgifter vi har om dig och få en kopia av dem (GDPR art. 15).',
    },
  },
  rectification: {
    label: {
      en: 'Right to rectification',
      fi: 'Oikeus tietojen oikaisemiseen',
      sv: 'Rätt till rättelse',
    },
    description: {
      en: 'You may have inaccurate data corrected and incomplete data completed (GDPR Art. 16).',
      fi: 'Voit pyytää virheellisten tietojen oikaisemista ja puutteellisten tietojen täydentämistä (GDPR 16 art.).',
      sv: 'Du kan få felaktiga uppgifter rättade och ofullständiga uppgifter kompletterade (GDPR art. 16).',
    },
  },
  erasure: {
    label: { en: 'Right to erasure', fi: 'Oikeus tietojen poistamiseen', sv: 'Rätt till radering' },
    description: {
      en: 'You may have your data erased or anonymised, except what the law obliges us to keep (GDPR Art. 17).',
      fi: 'Voit pyytää tietojesi poistamista tai anonymisointia lukuun ottamatta tietoja, jotka laki velvoittaa säilyttämään (GDPR 17 art.).',
      sv: 'Du kan få dina uppgifter raderade eller anonymiserade, utom det som lagen ålägger oss att bevara (GDPR art. 17).',
    },
  },
  restriction: {
    label: {
      en: 'Right to restriction of processing',
      fi: 'Oikeus käsittelyn rajoittamiseen',
      sv: 'Rätt till begränsning av behandling',
    },
    description: {
      en: 'Under certain conditions you may have the processing restricted so that your data is only stored (GDPR Art. 18).',
      fi: 'Tietyin edellytyksin voit pyytää käsittelyn rajoittamista niin, että tietojasi vain säilytetään (GDPR 18 art.).',
      sv: 'Under vissa förutsättningar kan du begära att behandlingen begränsas så att dina uppgifter endast lagras (GDPR art. 18).',
    },
  },
  objection: {
    label: { en: 'Right to object', fi: 'Vastustamisoikeus', sv: 'Rätt att göra invändningar' },
    description: {
      en: 'You may object to processing based on legitimate interests, and to direct marketing and profiling for it at any time (GDPR Art. 21).',
      fi: 'Voit vastustaa oikeutettuun etuun perustuvaa käsittelyä sekä suoramarkkinointia ja siihen liittyvää profilointia milloin tahansa (GDPR 21 art.).',
      sv: 'Du kan invända mot behandling som grundar sig på berättigat intresse, och när som helst mot direktmarknadsföring och profilering för den (GDPR art. 21).',
    },
  },
  portability: {
    label: {
      en: 'Right to data portability',
      fi: 'Oikeus siirtää tiedot järjestelmästä toiseen',
      sv: 'Rätt till dataportabilitet',
    },
    description: {
      en: 'You may receive the data you gave us in a machine-readable format (JSON or CSV) (GDPR Art. 20).',
      fi: 'Voit saada antamasi tiedot koneluettavassa muodossa (JSON tai CSV) (GDPR 20 art.).',
      sv: 'Du kan få de uppgifter du gett oss i ett maskinläsbart format (JSON eller CSV) (GDPR art. 20).',
    },
  },
  withdraw_consent: {
    label: {
      en: 'Right to withdraw consent',
      fi: 'Oikeus peruuttaa suostumus',
      sv: 'Rätt att återkalla samtycke',
    },
    description: {
      en: 'Where processing is based on your consent, you may withdraw it at any time, as easily as you gave it. This does not affect the lawfulness of processing before the withdrawal (GDPR Art. 7(3)).',
      fi: 'Kun käsittely perustuu suostumukseesi, voit peruuttaa sen milloin tahansa yhtä helposti kuin annoit sen. Peruuttaminen ei vaikuta ennen sitä tehdyn käsittelyn lainmukaisuuteen (GDPR 7 art. 3 kohta).',
      sv: 'När behandlingen grundar sig på ditt samtycke kan du när som helst återkalla det lika enkelt som du gav det. Det påverkar inte lagligheten av behandlingen före återkallelsen (GDPR art. 7.3).',
    },
  },
  complaint: {
    label: {
      en: 'Right to lodge a complaint',
      fi: 'Oikeus tehdä valitus',
      sv: 'Rätt att lämna in klagomål',
    },
    description: {
      en: 'If you find that your data is processed deficiently or unlawfully, you may lodge a complaint with the supervisory authority (GDPR Art. 77).',
      fi: 'Jos huomaat, että tietojesi käsittelyssä on puutteita tai se on lainvastaista, voit tehdä valituksen valvontaviranomaiselle (GDPR 77 art.).',
      sv: 'Om du anser att dina uppgifter behandlas bristfälligt eller olagligt kan du lämna in ett klagomål till tillsynsmyndigheten (GDPR art. 77).',
    },
  },
};

export const recipientRoleTerms: Record<'processor' | 'controller' | 'authority', Localized> = {
  processor: { en: 'processor', fi: 'henkilötietojen käsittelijä', sv: 'personuppgiftsbiträde' },
  controller: {
    en: 'independent controller',
    fi: 'itsenäinen rekisterinpitäjä',
    sv: 'självständig personuppgiftsansvarig',
  },
  authority: { en: 'authority', fi: 'viranomainen', sv: 'myndighet' },
};

export const partyTerms: Record<'first' | 'third', Localized> = {
  first: { en: 'first party', fi: 'ensimmäinen osapuoli', sv: 'förstapart' },
  third: { en: 'third party', fi: 'kolmas osapuoli', sv: 'tredjepart' },
};

export const storageTerms: Record<
  'cookie' | 'localStorage' | 'sessionStorage' | 'pixel',
  Localized
> = {
  cookie: { en: 'cookie', fi: 'eväste', sv: 'kaka' },
  localStorage: { en: 'local storage', fi: 'paikallinen tallennustila', sv: 'lokal lagring' },
  sessionStorage: { en: 'session storage', fi: 'istuntotallennustila', sv: 'sessionslagring' },
  pixel: { en: 'pixel tag', fi: 'pikselitunniste', sv: 'pixeltagg' },
};

export const alwaysOn: Record<ConsentCategory, boolean> = {
  functional: true,
  analytics: false,
  marketing: false,
  personalisation: false,
};

const units: Record<DurationUnit, Record<Lang, [string, string]>> = {
  s: { en: ['second', 'seconds'], fi: ['sekunti', 'sekuntia'], sv: ['sekund', 'sekunder'] },
  m: { en: ['minute', 'minutes'], fi: ['minuutti', 'minuuttia'], sv: ['minut', 'minuter'] },
  h: { en: ['hour', 'hours'], fi: ['tunti', 'tuntia'], sv: ['timme', 'timmar'] },
  d: { en: ['day', 'days'], fi: ['päivä', 'päivää'], sv: ['dag', 'dagar'] },
  w: { en: ['week', 'weeks'], fi: ['viikko', 'viikkoa'], sv: ['vecka', 'veckor'] },
  mo: { en: ['month', 'months'], fi: ['kuukausi', 'kuukautta'], sv: ['månad', 'månader'] },
  y: { en: ['year', 'years'], fi: ['vuosi', 'vuotta'], sv: ['år', 'år'] },
};

const untilClosed: Localized = {
  en: 'until the browser is closed',
  fi: 'kunnes selain suljetaan',
  sv: 'tills webbläsaren stängs',
};

/** `13mo` → "13 months" / "13 kuukautta" / "13 månader". */
export function formatDuration(text: string, lang: Lang): string {
  const d = parseDuration(text);
  if (d === 'session') return untilClosed[lang];
  if (!d) return text;
  const [one, many] = units[d.unit][lang];
  return `${d.amount} ${d.amount === 1 ? one : many}`;
}

/** `2021-06-08` → "8 June 2021" / "8.6.2021" / "8 juni 2021". */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  if (lang === 'fi') return `${d}.${m}.${y}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  return longDates(lang === 'en' ? 'en-GB' : 'sv-SE').format(date);
}

// Made once per language: an Intl formatter costs more to make than to use (an access summary
// formats dozens of dates and countries).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function longDates(locale: string): Intl.DateTimeFormat {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(locale, f);
  }
  return f;
}

const regionNames = new Map<Lang, Intl.DisplayNames>();

export function countryName(code: string, lang: Lang): string {
  try {
    let names = regionNames.get(lang);
    if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export const channelTerms: Record<ConsentChannel, Localized> = {
  newsletter: {
    en: 'newsletter subscription',
    fi: 'uutiskirjeen tilaus',
    sv: 'prenumeration på nyhetsbrev',
  },
  sms: { en: 'SMS permission', fi: 'tekstiviestilupa', sv: 'tillstånd för sms' },
  whatsapp: { en: 'WhatsApp permission', fi: 'WhatsApp-lupa', sv: 'tillstånd för WhatsApp' },
};
