/**
 * The Finnish personal identity code (henkilötunnus), `DDMMYYCZZZQ`, validated as RULES.md says:
 * century signs `+` (1800s), `-` `Y` `X` `W` `V` `U` (1900s) and `A`–`F` (2000s, since 2023); the
 * check character; a real, past date no earlier than 1850; individual numbers 002–899 for persons and 900–999 for
 * temporary codes (accepted unless the caller says otherwise).
 *
 * The code is kept whole: the sign is part of the identity (`100190-999P` and `100190Y999P` are
 * different people), so nothing here upper-cases or replaces it; a lower-case letter is refused
 * instead. Gender is never derived. Store the code only in the vault's accounting scope.
 *
 * @example
 *   const result = validateIdentityCode(input);
 *   if (!result.valid) throw new ValidationError('Check the form.', { identityCode: identityCodeMessage(result.reason, lang) });
 */

export type IdentityCodeReason =
  | 'empty'
  | 'length'
  | 'lowercase'
  | 'format'
  | 'century_sign'
  | 'date'
  | 'future_date'
  | 'individual_number'
  | 'temporary_code'
  | 'check_character';

export type IdentityCodeResult =
  | {
      valid: true;
      /** The code exactly as given (surrounding spaces removed), to be stored whole. */
      code: string;
      /** 'YYYY-MM-DD'. */
      birthDate: string;
      temporary: boolean;
    }
  | { valid: false; reason: IdentityCodeReason };

export interface IdentityCodeOptions {
  /** Accept individual numbers 900–999 (temporary and test codes). Default true. */
  acceptTemporary?: boolean;
  /** For "a birth date in the future is impossible"; defaults to now. */
  today?: Date;
}

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURY: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/** The earliest year of birth in a real identity code (see validateIdentityCode). */
export const EARLIEST_BIRTH_YEAR = 1850;

export function checkCharacter(ninedigits: string): string {
  return CHECK_CHARACTERS[Number(ninedigits) % 31]!;
}

export function validateIdentityCode(
  input: string,
  options: IdentityCodeOptions = {},
): IdentityCodeResult {
  const code = input.trim();
  if (code === '') return { valid: false, reason: 'empty' };
  if (code.length !== 11) return { valid: false, reason: 'length' };
  if (code !== code.toUpperCase()) return { valid: false, reason: 'lowercase' };
  const m = /^(\d{2})(\d{2})(\d{2})(.)(\d{3})([0-9A-Z])$/.exec(code);
  if (!m) return { valid: false, reason: 'format' };
  const [, dd, mm, yy, sign, zzz, check] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const century = CENTURY[sign];
  if (century === undefined) return { valid: false, reason: 'century_sign' };

  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return { valid: false, reason: 'date' };
  }
  // Identity codes were first given in 1964, to people then living; nobody born before 1850
  // was, so such a `+` code is no one's (finnish-ssn, the reference implementation, agrees).
  if (year < EARLIEST_BIRTH_YEAR) return { valid: false, reason: 'date' };
  if (date.getTime() > (options.today ?? new Date()).getTime()) {
    return { valid: false, reason: 'future_date' };
  }

  const individual = Number(zzz);
  if (individual < 2) return { valid: false, reason: 'individual_number' };
  const temporary = individual >= 900;
  if (temporary && options.acceptTemporary === false) {
    return { valid: false, reason: 'temporary_code' };
  }
  if (checkCharacter(`${dd}${mm}${yy}${zzz}`) !== check) {
    return { valid: false, reason: 'check_character' };
  }
  return { valid: true, code, birthDate: `${year}-${mm}-${dd}`, temporary };
}

/** `*******308T`: the last four characters, as cards are masked, so a person recognises it. */
export function maskIdentityCode(code: string): string {
  return code.length === 11 ? `*******${code.slice(7)}` : '***********';
}

type Lang = 'en' | 'fi' | 'sv';

const MESSAGES: Record<IdentityCodeReason, Record<Lang, string>> = {
  empty: {
    en: 'Enter your personal identity code.',
    fi: 'Anna henkilötunnuksesi.',
    sv: 'Ange din personbeteckning.',
  },
  length: {
    en: 'A personal identity code has 11 characters, for example 131052-308T.',
    fi: 'Henkilötunnuksessa on 11 merkkiä, esimerkiksi 131052-308T.',
    sv: 'En personbeteckning har 11 tecken, till exempel 131052-308T.',
  },
  lowercase: {
    en: 'Write the letters of the identity code in capitals.',
    fi: 'Kirjoita henkilötunnuksen kirjaimet isoina.',
    sv: 'Skriv personbeteckningens bokstäver med versaler.',
  },
  format: {
    en: 'The identity code must be six digits, a century sign, three digits and a check character.',
    fi: 'Henkilötunnus on kuusi numeroa, välimerkki, kolme numeroa ja tarkistusmerkki.',
    sv: 'Personbeteckningen består av sex siffror, ett sekeltecken, tre siffror och ett kontrolltecken.',
  },
  century_sign: {
    en: 'The 7th character must be a century sign: +, -, U–Y or A–F.',
    fi: 'Seitsemännen merkin on oltava välimerkki: +, -, U–Y tai A–F.',
    sv: 'Det sjunde tecknet ska vara ett sekeltecken: +, -, U–Y eller A–F.',
  },
  date: {
    en: 'The first six digits are not a real date of birth.',
    fi: 'Kuusi ensimmäistä numeroa eivät ole oikea syntymäaika.',
    sv: 'De sex första siffrorna är inte ett riktigt födelsedatum.',
  },
  future_date: {
    en: 'The date of birth in the identity code is in the future.',
    fi: 'Henkilötunnuksen syntymäaika on tulevaisuudessa.',
    sv: 'Födelsedatumet i personbeteckningen ligger i framtiden.',
  },
  individual_number: {
    en: 'The identity code’s individual number is not in use.',
    fi: 'Henkilötunnuksen yksilönumero ei ole käytössä.',
    sv: 'Personbeteckningens individnummer används inte.',
  },
  temporary_code: {
    en: 'A temporary identity code cannot be used here; enter your permanent one.',
    fi: 'Väliaikaista henkilötunnusta ei voi käyttää tässä; anna pysyvä tunnuksesi.',
    sv: 'En tillfällig personbeteckning kan inte användas här; ange din permanenta.',
  },
  check_character: {
    en: 'The identity code’s check character does not match: check for a typing error.',
    fi: 'Henkilötunnuksen tarkistusmerkki ei täsmää: tarkista kirjoitusvirhe.',
    sv: 'Personbeteckningens kontrolltecken stämmer inte: kontrollera om det finns ett skrivfel.',
  },
};

export function identityCodeMessage(reason: IdentityCodeReason, lang: Lang = 'en'): string {
  return MESSAGES[reason][lang];
}
