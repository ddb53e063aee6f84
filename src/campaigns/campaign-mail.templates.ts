/**
 * A campaign mail: the campaign's own subject and text in the subscriber's language, then the
 * one-click unsubscribe link (RFC 8058; the same link is in the List-Unsubscribe header) and why
 * the person gets it. src/notify/templates.ts includes it.
 */
export type CampaignTemplateKey = 'campaign';

export interface CampaignMailVars {
  /** The campaign's subject in the message's language. */
  subject?: string;
}

type Render = (v: CampaignMailVars & { body?: string; link?: string }) => {
  subject: string;
  text: string;
};

const sig = 'HerSecret';

export const campaignTemplates: Record<CampaignTemplateKey, Record<'en' | 'fi' | 'sv', Render>> = {
  campaign: {
    en: (v) => ({
      subject: v.subject ?? 'New products and sale offers',
      text: `${v.body ?? ''}\n\nYou get this because you subscribed to the HerSecret newsletter. Unsubscribe with one click: ${v.link}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: v.subject ?? 'Uutuudet ja tarjoukset',
      text: `${v.body ?? ''}\n\nSaat tämän viestin, koska tilasit HerSecretin uutiskirjeen. Peruuta tilaus yhdellä napsautuksella: ${v.link}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: v.subject ?? 'Nyheter och erbjudanden',
      text: `${v.body ?? ''}\n\nDu får detta eftersom du prenumererar på HerSecrets nyhetsbrev. Avsluta prenumerationen med ett klick: ${v.link}\n\n${sig}`,
    }),
  },
};
