/**
 * Texts of the console's casework pages (dashboard panels, objections, restrictions, orders,
 * consent statistics) in English, Finnish and Swedish; GDPR terms as in the official texts.
 */
import type { Localized } from '../../kit/web/i18n.ts';

const m = (en: string, fi: string, sv: string): Localized => ({ en, fi, sv });

export const caseworkText = {
  // Dashboard panels
  restrictionsInForce: m(
    'Restrictions in force (Art. 18)',
    'Voimassa olevat käsittelyn rajoitukset (18 artikla)',
    'Gällande begränsningar av behandling (artikel 18)',
  ),
  objectionsAwaiting: m(
    'Objections awaiting a decision (Art. 21)',
    'Päätöstä odottavat vastustamiset (21 artikla)',
    'Invändningar som väntar på beslut (artikel 21)',
  ),
  staffTasks: m('Tasks for staff', 'Henkilökunnan tehtävät', 'Uppgifter för personalen'),
  rectificationTask: m(
    'Make the correction and mark the request done',
    'Tee korjaus ja merkitse pyyntö valmiiksi',
    'Gör rättelsen och markera begäran som klar',
  ),
  shopTask: m(
    'Decide a request from the shop platform',
    'Päätä verkkokauppa-alustan pyyntö',
    'Besluta om en begäran från butiksplattformen',
  ),
  received: m('Received', 'Vastaanotettu', 'Mottagen'),
  consentToday: m(
    "Today's consent choices",
    'Tämän päivän suostumusvalinnat',
    'Dagens samtyckesval',
  ),
  category: m('Category', 'Ryhmä', 'Kategori'),
  granted: m('Accepted', 'Hyväksytty', 'Godkänt'),
  refused: m('Refused', 'Hylätty', 'Avböjt'),
  signalled: m('With a GPC or DNT signal', 'GPC- tai DNT-signaalilla', 'Med GPC- eller DNT-signal'),
  seeAll: m('See all', 'Näytä kaikki', 'Visa alla'),
  total: m('In all', 'Yhteensä', 'Totalt'),
  // Objections
  objections: m('Objections', 'Vastustamiset', 'Invändningar'),
  objection: m('Objection', 'Vastustaminen', 'Invändning'),
  purposes: m(
    'Purposes objected to',
    'Vastustetut käyttötarkoitukset',
    'Ändamål som invändningen gäller',
  ),
  scopeMarketing: m(
    'Direct marketing: stopped at once (Art. 21(3))',
    'Suoramarkkinointi: lopetettu heti (21 artiklan 3 kohta)',
    'Direktmarknadsföring: stoppad genast (artikel 21.3)',
  ),
  scopeOther: m(
    'Other grounds: staff decide (Art. 21(1))',
    'Muut perusteet: henkilökunta päättää (21 artiklan 1 kohta)',
    'Andra skäl: personalen beslutar (artikel 21.1)',
  ),
  decision: m('Decision', 'Päätös', 'Beslut'),
  undecided: m('not decided yet', 'ei vielä päätetty', 'ännu inte beslutad'),
  upheld: m(
    'Upheld: the processing stops',
    'Hyväksytty: käsittely lopetetaan',
    'Bifallen: behandlingen upphör',
  ),
  overruled: m(
    'Overruled: compelling legitimate grounds override it',
    'Hylätty: pakottavat oikeutetut perusteet syrjäyttävät sen',
    'Avslagen: tvingande berättigade skäl väger tyngre',
  ),
  decidedAt: m('Decided', 'Päätetty', 'Beslutad'),
  answeredAt: m('Answer sent', 'Vastaus lähetetty', 'Svar skickat'),
  decide: m('Record the decision', 'Kirjaa päätös', 'Registrera beslutet'),
  decisionReasons: m(
    'Reasons (sent to the person)',
    'Perustelut (lähetetään henkilölle)',
    'Skäl (skickas till personen)',
  ),
  verifyFirst: m(
    'Verify the requester on the request page before deciding.',
    'Vahvista pyytäjän henkilöllisyys pyynnön sivulla ennen päätöstä.',
    'Verifiera den som begär på begärans sida innan du beslutar.',
  ),
  request: m('Request', 'Pyyntö', 'Begäran'),
  // Restrictions
  restrictions: m('Restrictions', 'Rajoitukset', 'Begränsningar'),
  since: m('Since', 'Alkaen', 'Sedan'),
  noticeSent: m(
    'Lift notice sent',
    'Ilmoitus poistamisesta lähetetty',
    'Meddelande om hävning skickat',
  ),
  notYet: m('not yet', 'ei vielä', 'inte ännu'),
  sendNotice: m(
    'Tell the customer it will be lifted',
    'Ilmoita asiakkaalle rajoituksen poistamisesta',
    'Meddela kunden att begränsningen hävs',
  ),
  lift: m('Lift the restriction', 'Poista rajoitus', 'Häv begränsningen'),
  liftRule: m(
    'A restriction is lifted only after the customer was told (Art. 18(3)).',
    'Rajoitus poistetaan vasta, kun asiakkaalle on ilmoitettu siitä (18 artiklan 3 kohta).',
    'En begränsning hävs först när kunden har underrättats (artikel 18.3).',
  ),
  // Orders
  orders: m('Orders', 'Tilaukset', 'Beställningar'),
  reference: m('Order number', 'Tilausnumero', 'Ordernummer'),
  payment: m('Payment', 'Maksutapa', 'Betalning'),
  carrier: m('Delivery', 'Toimitustapa', 'Leverans'),
  placedAt: m('Placed', 'Tehty', 'Lagd'),
  amount: m('Total', 'Summa', 'Summa'),
  next: m('Next step', 'Seuraava vaihe', 'Nästa steg'),
  markPaid: m('Mark paid', 'Merkitse maksetuksi', 'Markera som betald'),
  markShipped: m('Mark shipped', 'Merkitse lähetetyksi', 'Markera som skickad'),
  markDelivered: m('Mark delivered', 'Merkitse toimitetuksi', 'Markera som levererad'),
  allStatuses: m('All', 'Kaikki', 'Alla'),
  showStatus: m('Show', 'Näytä', 'Visa'),
  collection: m('Collection', 'Perintä', 'Inkasso'),
  collectHelp: m(
    'Unpaid invoices past their due date go to the collection agency (the billing details only).',
    'Erääntyneet maksamattomat laskut siirretään perintätoimistolle (vain laskutustiedot).',
    'Obetalda fakturor efter förfallodagen överlämnas till inkassobyrån (endast faktureringsuppgifterna).',
  ),
  collect: m(
    'Hand overdue invoices to collection',
    'Siirrä erääntyneet laskut perintään',
    'Överlämna förfallna fakturor till inkasso',
  ),
  collected: m(
    'Handed to collection / failed:',
    'Siirretty perintään / epäonnistui:',
    'Överlämnade till inkasso / misslyckades:',
  ),
  // Consent statistics
  consentStats: m('Consent statistics', 'Suostumustilastot', 'Samtyckesstatistik'),
  from: m('From', 'Alkaen', 'Från'),
  to: m('To', 'Päättyen', 'Till'),
  choicesPerDay: m(
    'Choices per category per day',
    'Valinnat ryhmittäin päivää kohden',
    'Val per kategori och dag',
  ),
  acceptanceRate: m(
    'Acceptance rate per category',
    'Hyväksymisaste ryhmittäin',
    'Andel godkännanden per kategori',
  ),
  gpcShare: m(
    'Share of choices with a GPC or DNT signal, per day',
    'GPC- tai DNT-signaalin sisältäneiden valintojen osuus päivittäin',
    'Andel val med GPC- eller DNT-signal, per dag',
  ),
  day: m('Day', 'Päivä', 'Dag'),
  rate: m('Rate', 'Osuus', 'Andel'),
  noChoices: m(
    'No consent choices in this period.',
    'Ei suostumusvalintoja tällä aikavälillä.',
    'Inga samtyckesval under perioden.',
  ),
} as const;

/** The consent keys the ledger records: banner categories and marketing channels. */
export const consentKeyNames: Record<string, Localized> = {
  functional: m('Functional', 'Toiminnalliset', 'Funktionella'),
  analytics: m('Analytics', 'Analytiikka', 'Analys'),
  marketing: m('Marketing', 'Markkinointi', 'Marknadsföring'),
  personalisation: m('Personalisation', 'Personointi', 'Personanpassning'),
  newsletter: m('Newsletter', 'Uutiskirje', 'Nyhetsbrev'),
  sms: m('Text messages', 'Tekstiviestit', 'Sms'),
  whatsapp: m('WhatsApp', 'WhatsApp', 'WhatsApp'),
};
