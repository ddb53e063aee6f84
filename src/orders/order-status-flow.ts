/**
 * The order status flow, in one table: which status an order may move to from which, and, for
 * every other pair, why not (a 409 that says so, in en/fi/sv). Every payment method follows the
 * same line: an order ships only once it is paid (an invoice too), and a status never moves back.
 *
 *   placed → paid → shipped → delivered
 */
import type { Lang, Localized } from '../kit/web/i18n.ts';
import type { OrderStatus } from './orders.tables.ts';
import { statusNames } from './orders.messages.ts';

export const orderStatuses = [
  'placed',
  'paid',
  'shipped',
  'delivered',
] as const satisfies readonly OrderStatus[];

/** The allowed moves: from → the one status it may become. */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['paid'],
  paid: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
};

export function mayMove(from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to);
}

const name = (s: OrderStatus, lang: Lang) => statusNames[s]![lang].toLowerCase();
const rank = (s: OrderStatus) => orderStatuses.indexOf(s);

/** Why `from` cannot become `to`, in every language; undefined when it may. */
export function refusalReason(from: OrderStatus, to: OrderStatus): Localized | undefined {
  if (mayMove(from, to)) return undefined;
  const say = (f: (lang: Lang) => string): Localized => ({ en: f('en'), fi: f('fi'), sv: f('sv') });
  if (from === to) {
    return say(
      (l) =>
        ({
          en: `The order is already ${name(to, l)}.`,
          fi: `Tilauksen tila on jo ${name(to, l)}.`,
          sv: `Beställningen är redan ${name(to, l)}.`,
        })[l],
    );
  }
  if (rank(to) < rank(from)) {
    return say(
      (l) =>
        ({
          en: `The order is ${name(from, l)}: its status does not move back to ${name(to, l)}.`,
          fi: `Tilauksen tila on ${name(from, l)}: tila ei voi palata tilaan ${name(to, l)}.`,
          sv: `Beställningen är ${name(from, l)}: statusen kan inte gå tillbaka till ${name(to, l)}.`,
        })[l],
    );
  }
  // Forwards, skipping a step: name the step that must come first.
  const next = orderTransitions[from][0]!;
  return say(
    (l) =>
      ({
        en: `The order is ${name(from, l)}: it must be ${name(next, l)} before it can be ${name(to, l)}.`,
        fi: `Tilauksen tila on ${name(from, l)}: sen on oltava ${name(next, l)} ennen kuin se voi olla ${name(to, l)}.`,
        sv: `Beställningen är ${name(from, l)}: den måste vara ${name(next, l)} innan den kan vara ${name(to, l)}.`,
      })[l],
  );
}
