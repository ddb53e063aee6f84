/**
 * The confirmation of an erasure (GDPR Art. 12(3), 17), in English, Finnish and Swedish, plain
 * text: what was erased, what was kept for accounting, why and until when, that it cannot be
 * undone, and where to complain. src/notify/templates.ts includes it; the `confirm` step of an
 * erasure sends it (src/rights/engine/erasure-confirmation.ts). Under a legal hold it also says
 * what is not erased yet, that it is needed for legal claims (Art. 17(3)(e); never the hold's
 * reason, which is staff's), until when at the latest; `erasure_hold_extended` tells a later date
 * when a hold placed or extended afterwards keeps it longer (held-erasures.ts `announce`), and
 * `erasure_hold_ended` follows when it is erased.
 */
import type { Lang } from '../../kit/web/i18n.ts';
import { withoutAccount } from './erasure-nothing-held.templates.ts';
import { COMPLAINT_ROUTE, COMPLAINT_URL } from './rights.ts';

/** The authority's pages in the mail's language (COMPLAINT_ROUTE.url is the English one). */

export type ErasureTemplateKey =
  'erasure_confirmation' | 'erasure_hold_extended' | 'erasure_hold_ended';

export interface ErasureMailVars {
  erasure?: {
    /** False when the person had no account: the mail then claims none was closed. */
    account?: boolean;
    /** Labels of the erased categories, in the message's language. */
    erased: string[];
    kept: {
      /** The order reference. */
      label: string;
      date: string;
      /** Labels of what of the record stays, in the message's language. */
      categories: string[];
      until: string | null;
      law: string | null;
    }[];
    /** What a legal hold keeps for now: orders (by reference) and categories (labels). */
    held?: { until: string; orders: string[]; categories: string[] };
  };
  /**
   * `erasure_hold_ended`: what the hold had kept, now erased. `erasure_hold_extended`: what it
   * keeps, and `until`, the new latest date (YYYY-MM-DD).
   */
  erasureHeld?: { orders: string[]; categories: string[]; until?: string };
}

type Render = (v: ErasureMailVars) => { subject: string; text: string };

const sig = 'HerSecret';
const list = (items: string[]) => items.map((i) => `- ${i}`).join('\n');

interface Words {
  subject: string;
  intro: string;
  erased: string;
  pseudonym: string;
  kept: string;
  nothingKept: string;
  order: (label: string, date: string) => string;
  until: (until: string | null, law: string | null) => string;
  locked: string;
  final: string;
  complaint: string;
  heldSubject: string;
  heldIntro: string;
  heldTitle: string;
  heldOrder: (label: string) => string;
  heldUntil: (until: string) => string;
  laterSubject: string;
  laterIntro: string;
  endedSubject: string;
  endedIntro: string;
  endedAccounting: string;
}

const words: Record<Lang, Words> = {
  en: {
    subject: 'Your HerSecret account is closed',
    intro:
      'Your HerSecret account is closed and your personal data erased, as you asked (GDPR Art. 17).',
    erased: 'Erased:',
    pseudonym: 'The link between you and the pseudonym used towards analytics and partners',
    kept: 'Kept, because the law requires it:',
    nothingKept: 'Nothing was kept: you had no orders whose vouchers the law requires us to keep.',
    order: (label, date) => `Order ${label} of ${date}`,
    until: (until, law) =>
      `kept until ${until ?? 'the end of its legal period'}${law ? ` (${law})` : ''}`,
    locked:
      'It is locked under a separate accounting key, used for nothing else, and destroyed when the period ends.',
    final:
      'This cannot be undone: the account cannot be restored. You may register again with the same email address, as a new customer.',
    complaint: `If you think we have not handled your data lawfully, you may complain to the ${COMPLAINT_ROUTE.authority} (${COMPLAINT_ROUTE.url}). ${COMPLAINT_ROUTE.court}`,
    heldSubject: 'Your erasure request: part of your data is kept for now',
    heldIntro:
      'We have erased your personal data, as you asked (GDPR Art. 17), except what is listed below as not erased yet.',
    heldTitle:
      'Not erased yet, because it is needed for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e)):',
    heldOrder: (label) => `Order ${label}, with the contact details of its buyer`,
    heldUntil: (until) =>
      `It is kept, used for nothing else, until ${until} at the latest, and then erased. We will tell you when it is.`,
    laterSubject: 'Your erasure request: part of your data is kept longer',
    laterIntro:
      'We told you earlier that part of your personal data is not erased yet, because it is needed for the establishment, exercise or defence of legal claims (GDPR Art. 17(3)(e)). That need now lasts longer than the date we gave you:',
    endedSubject: 'The rest of your personal data is now erased',
    endedIntro:
      'We told you earlier that part of your personal data was kept because it was needed for legal claims (GDPR Art. 17(3)(e)). That need has ended, and it is now erased, as you asked:',
    endedAccounting:
      'What the Accounting Act requires us to keep stays until the date we told you, locked and used for nothing else.',
  },
  fi: {
    subject: 'HerSecret-tilisi on suljettu',
    intro:
      'HerSecret-tilisi on suljettu ja henkilötietosi poistettu pyyntösi mukaisesti (tietosuoja-asetuksen 17 artikla).',
    erased: 'Poistettu:',
    pseudonym: 'Yhteys sinun ja analytiikassa ja kumppaneiden kanssa käytetyn pseudonyymin välillä',
    kept: 'Säilytetty, koska laki sitä edellyttää:',
    nothingKept:
      'Mitään ei säilytetty: sinulla ei ollut tilauksia, joiden tositteet laki velvoittaa säilyttämään.',
    order: (label, date) => `Tilaus ${label}, tehty ${date}`,
    until: (until, law) =>
      `säilytetään ${until ?? 'lakisääteisen ajan loppuun'} asti${law ? ` (${law})` : ''}`,
    locked:
      'Tiedot on lukittu erillisellä kirjanpitoavaimella, niitä ei käytetä muuhun, ja ne tuhotaan ajan päätyttyä.',
    final:
      'Tätä ei voi kumota: tiliä ei voi palauttaa. Voit rekisteröityä uudelleen samalla sähköpostiosoitteella uutena asiakkaana.',
    complaint: `Jos katsot, ettemme ole käsitelleet tietojasi lainmukaisesti, voit tehdä valituksen Tietosuojavaltuutetun toimistolle (${COMPLAINT_URL.fi}). Voit myös saattaa asian tuomioistuimen käsiteltäväksi.`,
    heldSubject: 'Poistopyyntösi: osa tiedoistasi säilytetään toistaiseksi',
    heldIntro:
      'Olemme poistaneet henkilötietosi pyyntösi mukaisesti (tietosuoja-asetuksen 17 artikla) lukuun ottamatta alla lueteltuja tietoja, joita ei ole vielä poistettu.',
    heldTitle:
      'Ei vielä poistettu, koska tiedot ovat tarpeen oikeudellisen vaateen laatimiseksi, esittämiseksi tai puolustamiseksi (tietosuoja-asetuksen 17 artiklan 3 kohdan e alakohta):',
    heldOrder: (label) => `Tilaus ${label} ja sen ostajan yhteystiedot`,
    heldUntil: (until) =>
      `Tietoja säilytetään enintään ${until} asti, eikä niitä käytetä muuhun. Sen jälkeen ne poistetaan, ja kerromme sinulle, kun poisto on tehty.`,
    laterSubject: 'Poistopyyntösi: osa tiedoistasi säilytetään pidempään',
    laterIntro:
      'Kerroimme aiemmin, että osaa henkilötiedoistasi ei ole vielä poistettu, koska ne ovat tarpeen oikeudellisen vaateen laatimiseksi, esittämiseksi tai puolustamiseksi (tietosuoja-asetuksen 17 artiklan 3 kohdan e alakohta). Tarve jatkuu nyt pidempään kuin ilmoittamamme päivä:',
    endedSubject: 'Loputkin henkilötietosi on nyt poistettu',
    endedIntro:
      'Kerroimme aiemmin, että osa henkilötiedoistasi säilytettiin, koska ne olivat tarpeen oikeudellista vaadetta varten (tietosuoja-asetuksen 17 artiklan 3 kohdan e alakohta). Tarve on päättynyt, ja tiedot on nyt poistettu pyyntösi mukaisesti:',
    endedAccounting:
      'Kirjanpitolain edellyttämät tiedot säilytetään ilmoittamaamme päivään asti lukittuina, eikä niitä käytetä muuhun.',
  },
  sv: {
    subject: 'Ditt HerSecret-konto är avslutat',
    intro:
      'Ditt HerSecret-konto är avslutat och dina personuppgifter raderade, som du begärde (dataskyddsförordningen art. 17).',
    erased: 'Raderat:',
    pseudonym:
      'Kopplingen mellan dig och den pseudonym som används i analysen och gentemot våra partner',
    kept: 'Sparat, eftersom lagen kräver det:',
    nothingKept:
      'Inget sparades: du hade inga beställningar vars verifikationer lagen kräver att vi sparar.',
    order: (label, date) => `Beställning ${label}, lagd ${date}`,
    until: (until, law) =>
      `sparas till och med ${until ?? 'den lagstadgade tidens slut'}${law ? ` (${law})` : ''}`,
    locked:
      'Uppgifterna är låsta under en separat bokföringsnyckel, används inte till något annat och förstörs när tiden gått ut.',
    final:
      'Detta kan inte ångras: kontot kan inte återställas. Du kan registrera dig igen med samma e-postadress, som ny kund.',
    complaint: `Om du anser att vi inte har behandlat dina uppgifter lagenligt kan du lämna in ett klagomål till Dataombudsmannens byrå (${COMPLAINT_URL.sv}). Du kan också föra saken till domstol.`,
    heldSubject: 'Din begäran om radering: en del av dina uppgifter sparas tills vidare',
    heldIntro:
      'Vi har raderat dina personuppgifter, som du begärde (dataskyddsförordningen art. 17), utom det som nedan anges som ännu inte raderat.',
    heldTitle:
      'Ännu inte raderat, eftersom det behövs för att fastställa, göra gällande eller försvara rättsliga anspråk (dataskyddsförordningen art. 17.3 e):',
    heldOrder: (label) => `Beställning ${label} med köparens kontaktuppgifter`,
    heldUntil: (until) =>
      `Uppgifterna sparas längst till och med ${until}, används inte till något annat och raderas sedan. Vi meddelar dig när de är raderade.`,
    laterSubject: 'Din begäran om radering: en del av dina uppgifter sparas längre',
    laterIntro:
      'Vi meddelade dig tidigare att en del av dina personuppgifter ännu inte är raderade, eftersom de behövs för att fastställa, göra gällande eller försvara rättsliga anspråk (dataskyddsförordningen art. 17.3 e). Det behovet varar nu längre än det datum vi meddelade:',
    endedSubject: 'Resten av dina personuppgifter är nu raderade',
    endedIntro:
      'Vi meddelade dig tidigare att en del av dina personuppgifter sparades eftersom de behövdes för rättsliga anspråk (dataskyddsförordningen art. 17.3 e). Det behovet har upphört, och uppgifterna är nu raderade, som du begärde:',
    endedAccounting:
      'Det som bokföringslagen kräver att vi sparar finns kvar till det datum vi meddelade, låst och används inte till något annat.',
  },
};

function render(lang: Lang): Render {
  return (v) => {
    const w =
      v.erasure?.account === false ? { ...words[lang], ...withoutAccount[lang] } : words[lang];
    const e = v.erasure ?? { erased: [], kept: [] };
    const kept =
      e.kept.length === 0
        ? w.nothingKept
        : `${w.kept}\n${list(
            e.kept.map(
              (k) =>
                `${w.order(k.label, k.date)}: ${k.categories.join(', ')}; ${w.until(k.until, k.law)}`,
            ),
          )}\n${w.locked}`;
    const held = e.held
      ? `\n\n${w.heldTitle}\n${list([...e.held.orders.map(w.heldOrder), ...e.held.categories])}\n${w.heldUntil(e.held.until)}`
      : '';
    return {
      subject: e.held ? w.heldSubject : w.subject,
      text: `${e.held ? w.heldIntro : w.intro}\n\n${w.erased}\n${list([...e.erased, w.pseudonym])}${held}\n\n${kept}\n\n${w.final}\n\n${w.complaint}\n\n${sig}`,
    };
  };
}

/** A later date: a hold placed or extended after the erasure keeps what it kept longer. */
function renderHoldExtended(lang: Lang): Render {
  return (v) => {
    const w = words[lang];
    const e = v.erasureHeld ?? { orders: [], categories: [] };
    return {
      subject: w.laterSubject,
      text: `${w.laterIntro}\n${list([...e.orders.map(w.heldOrder), ...e.categories])}\n${w.heldUntil(e.until ?? '')}\n\n${w.complaint}\n\n${sig}`,
    };
  };
}

/** The news that what a legal hold kept is erased now. */
function renderHoldEnded(lang: Lang): Render {
  return (v) => {
    const w = words[lang];
    const e = v.erasureHeld ?? { orders: [], categories: [] };
    return {
      subject: w.endedSubject,
      text: `${w.endedIntro}\n${list([...e.orders.map(w.heldOrder), ...e.categories])}\n\n${w.endedAccounting}\n\n${withoutAccount[lang].final}\n\n${w.complaint}\n\n${sig}`,
    };
  };
}

export const erasureTemplates: Record<ErasureTemplateKey, Record<Lang, Render>> = {
  erasure_confirmation: { en: render('en'), fi: render('fi'), sv: render('sv') },
  erasure_hold_extended: {
    en: renderHoldExtended('en'),
    fi: renderHoldExtended('fi'),
    sv: renderHoldExtended('sv'),
  },
  erasure_hold_ended: {
    en: renderHoldEnded('en'),
    fi: renderHoldEnded('fi'),
    sv: renderHoldEnded('sv'),
  },
};
