/**
 * Made-up customers for demos and benchmarks. Every address is at `example.test` (RFC 2606: it
 * can never reach a real person); names, phones and addresses are invented, and no message is
 * ever sent to them by the seed.
 */
import type { Lang } from '../kit/web/i18n.ts';
import { intBetween, pick, type Rng } from './prng.ts';

const firstNames = [
  'Aino',
  'Anna',
  'Emma',
  'Helmi',
  'Ida',
  'Iida',
  'Linnea',
  'Maria',
  'Sofia',
  'Venla',
  'Elsa',
  'Ella',
  'Saara',
  'Noora',
  'Laura',
  'Johanna',
  'Karin',
  'Astrid',
  'Maja',
  'Alva',
] as const;
const lastNames = [
  'Korhonen',
  'Virtanen',
  'Mäkinen',
  'Nieminen',
  'Mäkelä',
  'Hämäläinen',
  'Laine',
  'Heikkinen',
  'Koskinen',
  'Järvinen',
  'Lehtonen',
  'Lehtinen',
  'Saarinen',
  'Salminen',
  'Lindqvist',
  'Nyström',
] as const;
export const streets = [
  'Puijonkatu',
  'Kauppakatu',
  'Minna Canthin katu',
  'Snellmaninkatu',
  'Haapaniementie',
];
export const towns = [
  ['70100', 'Kuopio'],
  ['00100', 'Helsinki'],
  ['33100', 'Tampere'],
  ['20100', 'Turku'],
  ['90100', 'Oulu'],
] as const;

export interface DemoPerson {
  email: string;
  name: string;
  phone: string | null;
  address: string | null;
  birthday: string | null;
  lang: Lang;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export function demoPerson(rng: Rng, index: number): DemoPerson {
  const first = pick(rng, firstNames);
  const last = pick(rng, lastNames);
  const [postcode, town] = pick(rng, towns);
  const lang: Lang = rng() < 0.8 ? 'fi' : rng() < 0.5 ? 'sv' : 'en';
  const year = intBetween(rng, 1950, 2005);
  const month = String(intBetween(rng, 1, 12)).padStart(2, '0');
  const day = String(intBetween(rng, 1, 28)).padStart(2, '0');
  return {
    email: `${ascii(first)}.${ascii(last)}.${index}@example.test`,
    name: `${first} ${last}`,
    phone: rng() < 0.7 ? `+358 50 555 ${String(index % 10_000).padStart(4, '0')}` : null,
    address:
      rng() < 0.8 ? `${pick(rng, streets)} ${intBetween(rng, 1, 60)}, ${postcode} ${town}` : null,
    birthday: rng() < 0.5 ? `${year}-${month}-${day}` : null,
    lang,
  };
}
