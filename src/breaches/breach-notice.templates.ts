/**
 * The notice to a person affected by a high-risk breach (GDPR Art. 34(2)): in clear and plain
 * language, the nature of the breach, the DPO's contact, the likely consequences and the measures
 * taken. The service fills the variables in the person's language from the register's codes
 * (breach-codes.ts) and the manifest's category labels; src/notify/templates.ts includes it.
 */
import type { Lang } from '../kit/web/i18n.ts';

export type BreachTemplateKey = 'breach_notice';

export interface BreachMailVars {
  /** When the breach was discovered, written for the language. */
  discovered?: string;
  /** What happened, one plain sentence (natureWords). */
  nature?: string;
  /** The kinds of data concerned, the manifest's labels joined. */
  data?: string;
  /** One line per likely consequence, each starting with "- ". */
  consequences?: string;
  /** One line per measure, each starting with "- ". */
  measures?: string;
  /** The DPO's name and address. */
  dpo?: string;
}

type Render = (v: BreachMailVars) => { subject: string; text: string };
const sig = 'HerSecret';

const notice: Record<Lang, Render> = {
  en: (v) => ({
    subject: 'A security incident concerning your personal data',
    text: `We are writing to tell you about a security incident at HerSecret that concerns your personal data.\n\nWhat happened: on ${v.discovered} we found that ${v.nature}.\nYour data concerned: ${v.data}.\n\nWhat this may mean for you:\n${v.consequences}\n\nWhat we have done:\n${v.measures}\n\nIf you have questions, write to our data protection officer: ${v.dpo}. You also have the right to complain to the Office of the Data Protection Ombudsman (tietosuoja.fi).\n\nWe are sorry.\n\n${sig}`,
  }),
  fi: (v) => ({
    subject: 'Henkilötietojasi koskeva tietoturvaloukkaus',
    text: `Kerromme sinulle HerSecretissä tapahtuneesta tietoturvaloukkauksesta, joka koskee henkilötietojasi.\n\nMitä tapahtui: ${v.discovered} havaitsimme, että ${v.nature}.\nSinua koskevat tiedot: ${v.data}.\n\nMitä tämä voi merkitä sinulle:\n${v.consequences}\n\nMitä olemme tehneet:\n${v.measures}\n\nJos sinulla on kysyttävää, kirjoita tietosuojavastaavallemme: ${v.dpo}. Sinulla on myös oikeus tehdä valitus Tietosuojavaltuutetun toimistolle (tietosuoja.fi).\n\nPahoittelemme tapahtunutta.\n\n${sig}`,
  }),
  sv: (v) => ({
    subject: 'En säkerhetsincident som gäller dina personuppgifter',
    text: `Vi vill berätta om en säkerhetsincident hos HerSecret som gäller dina personuppgifter.\n\nVad som hände: den ${v.discovered} upptäckte vi att ${v.nature}.\nDina uppgifter som berörs: ${v.data}.\n\nVad detta kan innebära för dig:\n${v.consequences}\n\nVad vi har gjort:\n${v.measures}\n\nOm du har frågor kan du skriva till vårt dataskyddsombud: ${v.dpo}. Du har också rätt att lämna in ett klagomål till Dataombudsmannens byrå (tietosuoja.fi).\n\nVi beklagar det som hänt.\n\n${sig}`,
  }),
};

export const breachTemplates: Record<BreachTemplateKey, Record<Lang, Render>> = {
  breach_notice: notice,
};
