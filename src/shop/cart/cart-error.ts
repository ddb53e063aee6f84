/**
 * Refusals of a cart change, each with its message in the shop's three languages: the JSON body
 * carries the English one, the cart page shows the visitor's language.
 */
import { ZodError } from 'zod';
import { ValidationError } from '../../kit/errors.ts';
import type { Lang, Localized } from '../../kit/web/i18n.ts';

const messages = {
  maxPerItem: {
    en: 'You can have at most {n} of one item in the cart.',
    fi: 'Ostoskorissa voi olla enintään {n} kappaletta samaa tuotetta.',
    sv: 'Du kan ha högst {n} av samma vara i varukorgen.',
  },
  maxLines: {
    en: 'The cart holds at most {n} different items.',
    fi: 'Ostoskoriin mahtuu enintään {n} eri tuotetta.',
    sv: 'Varukorgen rymmer högst {n} olika varor.',
  },
  notInCart: {
    en: 'That item is not in your cart.',
    fi: 'Tuote ei ole ostoskorissasi.',
    sv: 'Varan finns inte i din varukorg.',
  },
  noSuchProduct: {
    en: 'There is no such product in the shop.',
    fi: 'Kaupassa ei ole tällaista tuotetta.',
    sv: 'Det finns ingen sådan produkt i butiken.',
  },
  chooseSize: { en: 'Choose a size.', fi: 'Valitse koko.', sv: 'Välj en storlek.' },
  sizeUnavailable: {
    en: 'That size is not available for this product.',
    fi: 'Tuotetta ei ole saatavana tässä koossa.',
    sv: 'Den storleken finns inte för den här produkten.',
  },
  stock: {
    en: 'Only {n} of this product are in stock.',
    fi: 'Tuotetta on varastossa vain {n} kappaletta.',
    sv: 'Endast {n} av den här produkten finns i lager.',
  },
  quantity: {
    en: 'Choose a whole number from 1 to 10.',
    fi: 'Valitse kokonaisluku väliltä 1–10.',
    sv: 'Välj ett heltal från 1 till 10.',
  },
  invalidInput: {
    en: 'Choose a quantity from 1 to 10 and a size offered.',
    fi: 'Valitse määrä väliltä 1–10 ja tarjolla oleva koko.',
    sv: 'Välj ett antal från 1 till 10 och en storlek som erbjuds.',
  },
  cookie: {
    en: 'Your cart could not be read: it seems to have been changed outside the shop. Empty the cart to start again.',
    fi: 'Ostoskoria ei voitu lukea: sitä on ilmeisesti muutettu kaupan ulkopuolella. Tyhjennä ostoskori aloittaaksesi alusta.',
    sv: 'Varukorgen kunde inte läsas: den verkar ha ändrats utanför butiken. Töm varukorgen för att börja om.',
  },
} satisfies Record<string, Localized>;

export type CartErrorKey = keyof typeof messages;

export function cartMessage(key: CartErrorKey, lang: Lang, n?: number): string {
  return messages[key][lang].replace('{n}', String(n ?? ''));
}

export class CartError extends ValidationError {
  constructor(
    readonly key: CartErrorKey,
    readonly n?: number,
    fields?: Record<string, string>,
  ) {
    super(cartMessage(key, 'en', n), fields);
  }

  localized(lang: Lang): string {
    return cartMessage(this.key, lang, this.n);
  }
}

/** The message for any refusal of a cart change, in the visitor's language. */
export function cartErrorText(err: unknown, lang: Lang, fallback: string): string {
  if (err instanceof CartError) return err.localized(lang);
  if (err instanceof ZodError) {
    const fields = new Set(err.issues.map((i) => String(i.path[0])));
    if (fields.has('slug')) return cartMessage('noSuchProduct', lang);
    if (fields.has('size')) return cartMessage('sizeUnavailable', lang);
    if (fields.has('quantity')) return cartMessage('quantity', lang);
    return cartMessage('invalidInput', lang);
  }
  return fallback;
}
