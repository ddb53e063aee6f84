/** The breach register's console texts in English, Finnish and Swedish. */
import type { Localized } from '../kit/web/i18n.ts';

const m = (en: string, fi: string, sv: string): Localized => ({ en, fi, sv });

export const breachText = {
  title: m(
    'Breach register',
    'Tietoturvaloukkausrekisteri',
    'Register över personuppgiftsincidenter',
  ),
  intro: m(
    'Every suspected personal data breach, notified or not, with its facts, effects, measures and reasoning (GDPR Art. 33(5)). Nothing here can be deleted.',
    'Jokainen epäilty henkilötietojen tietoturvaloukkaus, ilmoitettu tai ei, tosiseikkoineen, vaikutuksineen, toimenpiteineen ja perusteluineen (tietosuoja-asetuksen 33 artiklan 5 kohta). Mitään ei voi poistaa.',
    'Varje misstänkt personuppgiftsincident, anmäld eller inte, med fakta, effekter, åtgärder och motivering (artikel 33.5 i dataskyddsförordningen). Ingenting här kan raderas.',
  ),
  none: m('No breaches recorded.', 'Ei kirjattuja loukkauksia.', 'Inga incidenter registrerade.'),
  record: m('Record a breach', 'Kirjaa tietoturvaloukkaus', 'Registrera en incident'),
  noNames: m(
    'Do not name people in these texts: the register is about the breach, not about them.',
    'Älä mainitse henkilöitä nimeltä näissä teksteissä: rekisteri koskee loukkausta, ei heitä.',
    'Nämn inga personer i texterna: registret gäller incidenten, inte dem.',
  ),
  utc: m('Times are UTC.', 'Ajat ovat UTC-aikaa.', 'Tiderna anges i UTC.'),
  nature: m('Kind of breach', 'Loukkauksen laji', 'Typ av incident'),
  natures: {
    confidentiality: m(
      'Confidentiality (disclosure or access)',
      'Luottamuksellisuus (luovutus tai pääsy)',
      'Konfidentialitet (röjande eller åtkomst)',
    ),
    integrity: m('Integrity (alteration)', 'Eheys (muuttuminen)', 'Integritet (ändring)'),
    availability: m(
      'Availability (loss or destruction)',
      'Saatavuus (katoaminen tai tuhoutuminen)',
      'Tillgänglighet (förlust eller förstöring)',
    ),
  },
  description: m('What happened', 'Mitä tapahtui', 'Vad som hände'),
  occurredAt: m(
    'When it happened (if known)',
    'Milloin se tapahtui (jos tiedossa)',
    'När det hände (om känt)',
  ),
  discoveredAt: m('When it was discovered', 'Milloin se havaittiin', 'När det upptäcktes'),
  categories: m(
    'Categories of personal data',
    'Henkilötietoryhmät',
    'Kategorier av personuppgifter',
  ),
  approxPeople: m(
    'Approximate number of people',
    'Henkilöiden arvioitu määrä',
    'Ungefärligt antal personer',
  ),
  approxRecords: m(
    'Approximate number of records',
    'Tietueiden arvioitu määrä',
    'Ungefärligt antal poster',
  ),
  consequences: m('Likely consequences', 'Todennäköiset seuraukset', 'Sannolika konsekvenser'),
  consequencesText: m(
    'Consequences in your words',
    'Seuraukset omin sanoin',
    'Konsekvenserna med egna ord',
  ),
  measures: m(
    'Measures taken or proposed',
    'Toteutetut tai ehdotetut toimenpiteet',
    'Vidtagna eller föreslagna åtgärder',
  ),
  measuresText: m('Measures in your words', 'Toimenpiteet omin sanoin', 'Åtgärderna med egna ord'),
  risk: m('Risk to people', 'Riski henkilöille', 'Risk för personerna'),
  risks: {
    unlikely: m(
      'Unlikely to result in a risk: not notified',
      'Ei todennäköisesti aiheuta riskiä: ei ilmoiteta',
      'Medför sannolikt ingen risk: anmäls inte',
    ),
    risk: m(
      'A risk: notify the Ombudsman',
      'Riski: ilmoitus tietosuojavaltuutetulle',
      'En risk: anmäl till dataombudsmannen',
    ),
    high: m(
      'A high risk: also tell the people affected',
      'Korkea riski: kerrotaan myös asianomaisille',
      'En hög risk: informera även de berörda',
    ),
  },
  assessment: m('Reasoning for the risk', 'Riskin perustelut', 'Motivering av risken'),
  delayReason: m(
    'Reasons for the delay (required after 72 hours)',
    'Viivästymisen syyt (pakollinen 72 tunnin jälkeen)',
    'Skälen till förseningen (krävs efter 72 timmar)',
  ),
  save: m('Record', 'Kirjaa', 'Registrera'),
  breach: m('Breach', 'Loukkaus', 'Incident'),
  clock: m('72-hour clock', '72 tunnin määräaika', '72-timmarsfristen'),
  clockStates: {
    not_required: m(
      'No notification needed (documented)',
      'Ilmoitusta ei tarvita (dokumentoitu)',
      'Ingen anmälan behövs (dokumenterad)',
    ),
    open: m('Open: {n} h left', 'Avoinna: {n} h jäljellä', 'Öppen: {n} h kvar'),
    overdue: m('Late by {n} h', 'Myöhässä {n} h', 'Försenad {n} h'),
    notified: m('Notified on time', 'Ilmoitettu ajoissa', 'Anmäld i tid'),
    notifiedLate: m('Notified {n} h late', 'Ilmoitettu {n} h myöhässä', 'Anmäld {n} h för sent'),
  },
  deadline: m('Deadline', 'Määräaika', 'Frist'),
  delayGiven: m('Reasons for the delay', 'Viivästymisen syyt', 'Skälen till förseningen'),
  notification: m(
    'Notification to the Ombudsman',
    'Ilmoitus tietosuojavaltuutetulle',
    'Anmälan till dataombudsmannen',
  ),
  markNotified: m(
    'Record the notification as sent',
    'Kirjaa ilmoitus lähetetyksi',
    'Registrera anmälan som skickad',
  ),
  reference: m(
    'The Ombudsman’s reference',
    'Tietosuojavaltuutetun diaarinumero',
    'Dataombudsmannens diarienummer',
  ),
  notifiedAt: m('Sent at (empty: now)', 'Lähetetty (tyhjä: nyt)', 'Skickad (tom: nu)'),
  people: m('People affected', 'Asianomaiset henkilöt', 'Berörda personer'),
  peopleIntro: m(
    'Each person found is sent one notice in their language, in plain words (GDPR Art. 34). An erased person is not mailed.',
    'Jokaiselle löydetylle lähetetään yksi ilmoitus hänen kielellään selkeästi (tietosuoja-asetuksen 34 artikla). Poistetulle henkilölle ei lähetetä viestiä.',
    'Varje person som hittas får ett meddelande på sitt språk, i klartext (artikel 34 i dataskyddsförordningen). En raderad person får inget meddelande.',
  ),
  onlyHigh: m(
    'Only a high-risk breach is told to the people affected.',
    'Vain korkean riskin loukkauksesta kerrotaan asianomaisille.',
    'Endast en incident med hög risk meddelas de berörda.',
  ),
  findBy: m('Find them by', 'Etsi', 'Hitta dem genom'),
  finders: {
    category: m(
      'A category the breach concerns',
      'Loukkausta koskeva tietoryhmä',
      'En kategori som incidenten gäller',
    ),
    disclosure: m(
      'The disclosure log: a recipient',
      'Luovutusloki: vastaanottaja',
      'Utlämningsloggen: en mottagare',
    ),
    audit: m('The audit log: an action', 'Tarkastusloki: toiminto', 'Granskningsloggen: en åtgärd'),
  },
  key: m(
    'Category, recipient or action key (e.g. user.contact.email, posti, customer.view)',
    'Tietoryhmän, vastaanottajan tai toiminnon tunnus (esim. user.contact.email, posti, customer.view)',
    'Nyckel för kategori, mottagare eller åtgärd (t.ex. user.contact.email, posti, customer.view)',
  ),
  from: m(
    'From (empty: when it happened)',
    'Alkaen (tyhjä: tapahtumahetki)',
    'Från (tom: när det hände)',
  ),
  to: m('Until (empty: the discovery)', 'Asti (tyhjä: havaitseminen)', 'Till (tom: upptäckten)'),
  notify: m('Send the notices', 'Lähetä ilmoitukset', 'Skicka meddelandena'),
  run: m(
    'Found {found}: {sent} told now, {already} told before, {unreachable} not reachable (erased).',
    'Löytyi {found}: {sent} ilmoitettu nyt, {already} aiemmin, {unreachable} ei tavoitettavissa (poistettu).',
    'Hittade {found}: {sent} meddelade nu, {already} tidigare, {unreachable} kan inte nås (raderade).',
  ),
  told: m('Told', 'Ilmoitettu', 'Meddelade'),
  unreachable: m('Not reachable', 'Ei tavoitettavissa', 'Kan inte nås'),
  discovered: m('Discovered', 'Havaittu', 'Upptäckt'),
  open: m('Open', 'Avaa', 'Öppna'),
};
