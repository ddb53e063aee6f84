/**
 * The order messages (confirmation and delivery notices), in English, Finnish and Swedish, plain
 * text. src/notify/templates.ts includes them; the mailer renders them in the order's language.
 */
import type { Lang } from '../kit/web/i18n.ts';

export type OrderTemplateKey = 'order_confirmation' | 'order_shipped' | 'order_delivered';

export interface OrderMailVars {
  reference?: string;
  amount?: string;
  tracking?: string;
  link?: string;
}

type Render = (v: OrderMailVars) => { subject: string; text: string };

const sig = 'HerSecret';

export const orderTemplates: Record<OrderTemplateKey, Record<Lang, Render>> = {
  order_confirmation: {
    en: (v) => ({
      subject: `Order ${v.reference} confirmed`,
      text: `Thank you for your order ${v.reference}.\n\nTotal: ${v.amount} (VAT included).\nWe will tell you when it is on its way.\n\nYour orders: ${v.link}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: `Tilaus ${v.reference} vahvistettu`,
      text: `Kiitos tilauksestasi ${v.reference}.\n\nYhteensä: ${v.amount} (sis. ALV).\nKerromme, kun se on matkalla.\n\nTilauksesi: ${v.link}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: `Beställning ${v.reference} bekräftad`,
      text: `Tack för din beställning ${v.reference}.\n\nTotalt: ${v.amount} (inkl. moms).\nVi meddelar dig när den är på väg.\n\nDina beställningar: ${v.link}\n\n${sig}`,
    }),
  },
  order_shipped: {
    en: (v) => ({
      subject: `Order ${v.reference} is on its way`,
      text: `Your order ${v.reference} has been handed to the carrier.\nTracking: ${v.tracking}\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: `Tilaus ${v.reference} on matkalla`,
      text: `Tilauksesi ${v.reference} on luovutettu kuljetusyhtiölle.\nSeuranta: ${v.tracking}\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: `Beställning ${v.reference} är på väg`,
      text: `Din beställning ${v.reference} har lämnats till transportören.\nSpårning: ${v.tracking}\n\n${sig}`,
    }),
  },
  order_delivered: {
    en: (v) => ({
      subject: `Order ${v.reference} delivered`,
      text: `Your order ${v.reference} has been delivered. Enjoy!\n\n${sig}`,
    }),
    fi: (v) => ({
      subject: `Tilaus ${v.reference} toimitettu`,
      text: `Tilauksesi ${v.reference} on toimitettu. Nauti!\n\n${sig}`,
    }),
    sv: (v) => ({
      subject: `Beställning ${v.reference} levererad`,
      text: `Din beställning ${v.reference} har levererats. Njut!\n\n${sig}`,
    }),
  },
};
