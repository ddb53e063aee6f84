/** The console texts of requests from authorities, in English, Finnish and Swedish. */
import type { Localized } from '../kit/web/i18n.ts';

const m = (en: string, fi: string, sv: string): Localized => ({ en, fi, sv });

export const authorityText = {
  title: m('Requests from authorities', 'Viranomaisten pyynnöt', 'Begäranden från myndigheter'),
  intro: m(
    'A disclosure to an authority goes through the disclosure gate: only the fields the privacy policy lists are given, and each is logged. The person sees it in their data copy unless the law forbids telling them.',
    'Luovutus viranomaiselle kulkee luovutusportin kautta: vain tietosuojaselosteessa luetellut kentät luovutetaan, ja jokainen luovutus kirjataan. Henkilö näkee sen tietojensa kopiossa, ellei laki kiellä kertomasta hänelle.',
    'Ett utlämnande till en myndighet går genom utlämningsgrinden: endast de fält som integritetspolicyn anger lämnas ut, och varje utlämnande loggas. Personen ser det i sin kopia av uppgifterna om inte lagen förbjuder att berätta det.',
  ),
  none: m('No requests recorded.', 'Ei kirjattuja pyyntöjä.', 'Inga begäranden registrerade.'),
  record: m('Record a disclosure', 'Kirjaa luovutus', 'Registrera ett utlämnande'),
  pseudonym: m(
    'The customer’s pseudonym (from the customer page)',
    'Asiakkaan pseudonyymi (asiakassivulta)',
    'Kundens pseudonym (från kundsidan)',
  ),
  authority: m('Authority', 'Viranomainen', 'Myndighet'),
  provision: m('Legal provision cited', 'Mainittu lainkohta', 'Åberopat lagrum'),
  request: m('What was asked', 'Mitä pyydettiin', 'Vad som begärdes'),
  fields: m('What is given', 'Mitä luovutetaan', 'Vad som lämnas ut'),
  inform: m('May the person be told?', 'Saako henkilölle kertoa?', 'Får personen informeras?'),
  yes: m(
    'Yes: it appears in their data copy',
    'Kyllä: se näkyy hänen tietojensa kopiossa',
    'Ja: det syns i personens kopia av uppgifterna',
  ),
  no: m('No: the law forbids it', 'Ei: laki kieltää sen', 'Nej: lagen förbjuder det'),
  withheldReason: m(
    'Why the law forbids telling the person (required when not told)',
    'Miksi laki kieltää kertomasta henkilölle (pakollinen, jos ei kerrota)',
    'Varför lagen förbjuder att informera personen (krävs om personen inte informeras)',
  ),
  save: m('Disclose and record', 'Luovuta ja kirjaa', 'Lämna ut och registrera'),
  given: m(
    'Given to the authority: hand this over, then close the page.',
    'Luovutettu viranomaiselle: toimita tämä ja sulje sivu.',
    'Utlämnat till myndigheten: lämna över detta och stäng sedan sidan.',
  ),
  when: m('Recorded', 'Kirjattu', 'Registrerad'),
  told: m('Person told', 'Henkilölle kerrotaan', 'Personen informeras'),
  withheld: m('Withheld', 'Ei kerrota', 'Undanhålls'),
  subject: m('Pseudonym', 'Pseudonyymi', 'Pseudonym'),
};
