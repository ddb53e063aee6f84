/** The campaign console's texts in English, Finnish and Swedish. */
import type { Localized } from '../kit/web/i18n.ts';

const m = (en: string, fi: string, sv: string): Localized => ({ en, fi, sv });

export const campaignText = {
  campaigns: m('Campaigns', 'Kampanjat', 'Kampanjer'),
  campaign: m('Campaign', 'Kampanja', 'Kampanj'),
  newCampaign: m('New newsletter campaign', 'Uusi uutiskirjekampanja', 'Ny nyhetsbrevskampanj'),
  help: m(
    'A campaign goes only to subscribers whose newsletter consent is in force when it is sent: never to anyone restricted, objecting, unsubscribed or erased. Every mail has a one-click unsubscribe link. SMS campaigns are not sent: the store has no SMS channel for marketing.',
    'Kampanja lähtee vain tilaajille, joiden uutiskirjesuostumus on voimassa lähetyshetkellä: ei koskaan niille, joiden tietojen käsittelyä on rajoitettu, jotka ovat vastustaneet suoramarkkinointia, peruneet tilauksen tai joiden tiedot on poistettu. Jokaisessa viestissä on yhden napsautuksen peruutuslinkki. Tekstiviestikampanjoita ei lähetetä: kaupalla ei ole tekstiviestikanavaa markkinointiin.',
    'En kampanj går bara till prenumeranter vars samtycke till nyhetsbrevet gäller när den skickas: aldrig till någon vars behandling är begränsad, som invänt mot direktmarknadsföring, avslutat prenumerationen eller raderats. Varje meddelande har en länk för att avsluta med ett klick. Sms-kampanjer skickas inte: butiken har ingen sms-kanal för marknadsföring.',
  ),
  subject: m('Subject', 'Otsikko', 'Ämne'),
  body: m('Text', 'Teksti', 'Text'),
  inEnglish: m('In English', 'Englanniksi', 'På engelska'),
  inFinnish: m('In Finnish', 'Suomeksi', 'På finska'),
  inSwedish: m('In Swedish', 'Ruotsiksi', 'På svenska'),
  save: m('Save as draft', 'Tallenna luonnoksena', 'Spara som utkast'),
  status: m('Status', 'Tila', 'Status'),
  draft: m('draft', 'luonnos', 'utkast'),
  sending: m('sending', 'lähetetään', 'skickas'),
  sent: m('sent', 'lähetetty', 'skickad'),
  progress: m('Progress', 'Edistyminen', 'Förlopp'),
  created: m('Created', 'Luotu', 'Skapad'),
  none: m('No campaigns yet.', 'Ei vielä kampanjoita.', 'Inga kampanjer ännu.'),
  preview: m('Preview', 'Esikatselu', 'Förhandsvisning'),
  listSize: m(
    'Subscribers on the list now (each is checked for consent when sent)',
    'Tilaajia listalla nyt (jokaisen suostumus tarkistetaan lähetettäessä)',
    'Prenumeranter på listan nu (varje samtycke kontrolleras vid utskicket)',
  ),
  send: m('Send the campaign', 'Lähetä kampanja', 'Skicka kampanjen'),
  refresh: m('Refresh the progress', 'Päivitä edistyminen', 'Uppdatera förloppet'),
  counts: m('Sent', 'Lähetetty', 'Skickade'),
  skipped: m(
    'skipped (no consent in force)',
    'ohitettu (ei voimassa olevaa suostumusta)',
    'hoppades över (inget gällande samtycke)',
  ),
  inDoubt: m(
    'in doubt (interrupted hand-over, not resent)',
    'epävarma (keskeytynyt luovutus, ei lähetetä uudelleen)',
    'osäkra (avbruten överlämning, skickas inte igen)',
  ),
  handled: m('handled', 'käsitelty', 'hanterade'),
} satisfies Record<string, Localized>;
