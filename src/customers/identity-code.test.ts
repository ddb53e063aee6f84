import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  identityCodeMessage,
  maskIdentityCode,
  validateIdentityCode,
  type IdentityCodeReason,
} from './identity-code.ts';

// Every vector of RULES.md, all valid.
const RULES_VECTORS = [
  '131052-308T',
  '010594Y9032',
  '020594X903P',
  '030694W9024',
  '040594V902Y',
  '050594U903M',
  '010516B903X',
  '030516D9037',
  '020502E902X',
  '020503F9037',
  '020504A902E',
  '020504B904H',
];

const today = new Date('2026-11-25T12:00:00Z');

function reason(code: string, options = {}): IdentityCodeReason | 'valid' {
  const r = validateIdentityCode(code, { today, ...options });
  return r.valid ? 'valid' : r.reason;
}

describe('validateIdentityCode', () => {
  it.each(RULES_VECTORS)('accepts %s from RULES.md and keeps it whole', (code) => {
    const r = validateIdentityCode(code, { today });
    expect(r).toMatchObject({ valid: true, code });
  });

  it('reads the century from the sign, including the 2023 signs', () => {
    const birth = (code: string) => {
      const r = validateIdentityCode(code, { today });
      return r.valid ? r.birthDate : r.reason;
    };
    expect(birth('131052-308T')).toBe('1952-10-13');
    expect(birth('010594Y9032')).toBe('1994-05-01');
    expect(birth('010516B903X')).toBe('2016-05-01');
    expect(birth('020504A902E')).toBe('2004-05-02');
    // The same digits under `+` are an 1800s birth with the same check character.
    expect(birth('131052+308T')).toBe('1852-10-13');
  });

  it('keeps different signs apart: the same digits with another 1900s sign are another code', () => {
    const a = validateIdentityCode('010594Y9032', { today });
    const b = validateIdentityCode('010594X9032', { today });
    expect(a.valid && b.valid && a.code !== b.code).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(reason('131052-308A')).toBe('check_character');
    expect(reason('010594Y9033')).toBe('check_character');
    expect(reason('020504B904J')).toBe('check_character');
    // Letters that are never check characters (G, I, O, Q, Z).
    expect(reason('131052-308G')).toBe('check_character');
  });

  it('refuses impossible dates', () => {
    expect(reason(withCheck('310290-123'))).toBe('date'); // 31 February
    expect(reason(withCheck('290223-123'))).toBe('date'); // 29 Feb 1923, not a leap year
    expect(reason(withCheck('290200-123'))).toBe('date'); // 1900 was not a leap year
    expect(reason(withCheck('290200A123'))).toBe('valid'); // 2000 was
    expect(reason(withCheck('320190-123'))).toBe('date');
    expect(reason(withCheck('001090-123'))).toBe('date');
    expect(reason(withCheck('011390-123'))).toBe('date');
    expect(reason(withCheck('010090-123'))).toBe('date');
    expect(reason(withCheck('010199F123'))).toBe('future_date'); // 2099
  });

  it('refuses a + code born before 1850: codes were first given in 1964, to the living', () => {
    // The check character is right, so only the date refuses it.
    expect(checkCharacter('051029717')).toBe('W');
    expect(reason('051029+717W')).toBe('date'); // 5 October 1829
    expect(reason(withCheck('311249+123'))).toBe('date'); // 31 December 1849
    expect(reason(withCheck('010150+123'))).toBe('valid'); // 1 January 1850
    expect(validateIdentityCode(withCheck('010150+123'))).toMatchObject({
      birthDate: '1850-01-01',
    });
  });

  it('refuses wrong lengths, empty input and bad formats', () => {
    expect(reason('')).toBe('empty');
    expect(reason('   ')).toBe('empty');
    expect(reason('131052-308')).toBe('length');
    expect(reason('131052-308TT')).toBe('length');
    expect(reason('131052308T')).toBe('length');
    expect(reason('1310521308T')).toBe('century_sign');
    expect(reason('131052*308T')).toBe('century_sign');
    expect(reason('131052G308T')).toBe('century_sign');
    expect(reason('13105X-308T')).toBe('format');
    expect(reason('131052-3O8T')).toBe('format');
  });

  it('refuses a lower-case sign or check character instead of upper-casing it', () => {
    expect(reason('010594y9032')).toBe('lowercase');
    expect(reason('010516b903X')).toBe('lowercase');
    expect(reason('020594X903p')).toBe('lowercase');
  });

  it('trims surrounding spaces only', () => {
    expect(validateIdentityCode(' 131052-308T ', { today })).toMatchObject({
      valid: true,
      code: '131052-308T',
    });
    expect(reason('131052 -308T')).toBe('length');
  });

  it('tells persons (002–899) from temporary codes (900–999), configurably', () => {
    expect(validateIdentityCode('131052-308T', { today })).toMatchObject({ temporary: false });
    expect(validateIdentityCode('010594Y9032', { today })).toMatchObject({ temporary: true });
    expect(reason('010594Y9032', { acceptTemporary: false })).toBe('temporary_code');
    expect(reason('131052-308T', { acceptTemporary: false })).toBe('valid');
    expect(reason(withCheck('131052-000'))).toBe('individual_number');
    expect(reason(withCheck('131052-001'))).toBe('individual_number');
    expect(reason(withCheck('131052-002'))).toBe('valid');
    expect(reason(withCheck('131052-899'))).toBe('valid');
  });

  it('never derives gender', () => {
    const r = validateIdentityCode('131052-308T', { today });
    expect(Object.keys(r).sort()).toEqual(['birthDate', 'code', 'temporary', 'valid']);
  });

  it('accepts every generated valid code and refuses it with any other check character', () => {
    const signs = ['-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.integer({ min: 2, max: 999 }),
        fc.constantFrom(...signs),
        (date, n, sign) => {
          const year = date.getUTCFullYear();
          if (year < 2000 !== ['-', 'Y', 'X', 'W', 'V', 'U'].includes(sign)) return;
          const ddmmyy =
            String(date.getUTCDate()).padStart(2, '0') +
            String(date.getUTCMonth() + 1).padStart(2, '0') +
            String(year % 100).padStart(2, '0');
          const code = withCheck(`${ddmmyy}${sign}${String(n).padStart(3, '0')}`);
          expect(reason(code)).toBe('valid');
          const wrong = code.slice(0, 10) + (code.endsWith('0') ? '1' : '0');
          expect(reason(wrong)).toBe('check_character');
        },
      ),
    );
  });
});

describe('messages and masking', () => {
  it('has a message for every reason in every language', () => {
    const reasons: IdentityCodeReason[] = [
      'empty',
      'length',
      'lowercase',
      'format',
      'century_sign',
      'date',
      'future_date',
      'individual_number',
      'temporary_code',
      'check_character',
    ];
    for (const r of reasons) {
      for (const lang of ['en', 'fi', 'sv'] as const) {
        expect(identityCodeMessage(r, lang)).toMatch(/\S{3,}/);
      }
    }
  });

  it('masks all but the last four characters', () => {
    expect(maskIdentityCode('131052-308T')).toBe('*******308T');
    expect(maskIdentityCode('short')).toBe('***********');
  });
});

function withCheck(tenChars: string): string {
  return tenChars + checkCharacter(tenChars.slice(0, 6) + tenChars.slice(7, 10));
}
