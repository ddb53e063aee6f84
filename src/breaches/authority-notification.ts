/**
 * The notification to the supervisory authority (the Office of the Data Protection Ombudsman),
 * written from the register: every item of GDPR Art. 33(3), and the reasons for the delay when
 * it goes after the 72 hours (Art. 33(1)). Plain text, in the staff member's language, to paste
 * into the Ombudsman's breach form or send as it is.
 *
 * (a) the nature of the breach, with the categories and approximate number of people and of
 *     records concerned; (b) the name and contact details of the DPO; (c) the likely
 *     consequences; (d) the measures taken or proposed, including those to mitigate its effects.
 */
import type { Lang } from '../kit/web/i18n.ts';
import type { Breach } from './breach.ts';
import { deadlineOf, isLate } from './breach-clock.ts';
import { consequenceWords, measureWords, natureWords } from './breach-codes.ts';

export interface NotificationContext {
  controller: { name: string; businessId: string; email: string };
  dpo: { name: string; email: string };
  authority: string;
  /** The manifest's category labels in `lang`. */
  categoryLabel: (category: string) => string;
}

const headings = {
  en: {
    title: 'Personal data breach notification',
    to: 'To',
    controller: 'Controller',
    a: '(a) Nature of the breach',
    kind: 'Kind',
    occurred: 'Occurred',
    discovered: 'Discovered',
    categories: 'Categories of personal data',
    people: 'Approximate number of people concerned',
    records: 'Approximate number of records concerned',
    b: '(b) Data protection officer',
    c: '(c) Likely consequences',
    d: '(d) Measures taken or proposed, including to mitigate possible adverse effects',
    assessment: 'Risk assessment',
    delay: 'Reasons for the delay (notified after 72 hours, Art. 33(1))',
    unknown: 'not known',
  },
  fi: {
    title: 'Ilmoitus henkilötietojen tietoturvaloukkauksesta',
    to: 'Vastaanottaja',
    controller: 'Rekisterinpitäjä',
    a: '(a) Tietoturvaloukkauksen luonne',
    kind: 'Laji',
    occurred: 'Tapahtui',
    discovered: 'Havaittiin',
    categories: 'Henkilötietoryhmät',
    people: 'Rekisteröityjen arvioitu lukumäärä',
    records: 'Tietueiden arvioitu lukumäärä',
    b: '(b) Tietosuojavastaava',
    c: '(c) Todennäköiset seuraukset',
    d: '(d) Toteutetut tai ehdotetut toimenpiteet, myös haittavaikutusten lieventämiseksi',
    assessment: 'Riskinarvio',
    delay: 'Viivästymisen syyt (ilmoitus yli 72 tunnin kuluttua, 33 artiklan 1 kohta)',
    unknown: 'ei tiedossa',
  },
  sv: {
    title: 'Anmälan av personuppgiftsincident',
    to: 'Till',
    controller: 'Personuppgiftsansvarig',
    a: '(a) Incidentens art',
    kind: 'Typ',
    occurred: 'Inträffade',
    discovered: 'Upptäcktes',
    categories: 'Kategorier av personuppgifter',
    people: 'Ungefärligt antal berörda personer',
    records: 'Ungefärligt antal berörda poster',
    b: '(b) Dataskyddsombud',
    c: '(c) Sannolika konsekvenser',
    d: '(d) Vidtagna eller föreslagna åtgärder, även för att mildra de negativa effekterna',
    assessment: 'Riskbedömning',
    delay: 'Skälen till förseningen (anmält efter 72 timmar, artikel 33.1)',
    unknown: 'inte känt',
  },
} as const satisfies Record<Lang, Record<string, string>>;

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The text; `at` is when it is sent (the delay is judged against it). */
export function authorityNotification(
  b: Breach,
  ctx: NotificationContext,
  lang: Lang,
  at: Date,
): string {
  const h = headings[lang];
  const lines = [
    h.title,
    '',
    `${h.to}: ${ctx.authority}`,
    `${h.controller}: ${ctx.controller.name} (${ctx.controller.businessId}), ${ctx.controller.email}`,
    '',
    h.a,
    `${h.kind}: ${natureWords[b.nature][lang]}`,
    b.description,
    `${h.occurred}: ${b.occurredAt ? when(b.occurredAt) : h.unknown}`,
    `${h.discovered}: ${when(b.discoveredAt)}`,
    `${h.categories}: ${b.categories.map(ctx.categoryLabel).join(', ')}`,
    `${h.people}: ${b.approxPeople}`,
    `${h.records}: ${b.approxRecords}`,
    '',
    h.b,
    `${ctx.dpo.name}, ${ctx.dpo.email}`,
    '',
    h.c,
    ...b.consequences.map((c) => `- ${consequenceWords[c][lang]}`),
    b.consequencesText,
    '',
    h.d,
    ...b.measures.map((m) => `- ${measureWords[m][lang]}`),
    b.measuresText,
    '',
    h.assessment,
    b.assessment,
  ];
  if (isLate(b.discoveredAt, at)) {
    lines.push('', `${h.delay} (${when(deadlineOf(b.discoveredAt))})`, b.delayReason ?? '');
  }
  return lines.join('\n');
}
