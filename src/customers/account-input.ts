/**
 * Validation of what a customer types: one set of rules for the HTML forms and the JSON API.
 * A problem is a key (`email_invalid`), so pages can show it in the customer's language next to
 * the field; `AccountInputError` carries English messages for JSON clients as well. Messages
 * never echo the input.
 */
import { ValidationError } from '../kit/errors.ts';
import { passwordLimits, type PasswordProblem } from './sign-in/password.ts';

export const fieldLimits = { email: 254, name: 200, phone: 40, address: 500 } as const;

export type Problem =
  | PasswordProblem
  | 'email_required'
  | 'email_invalid'
  | 'email_long'
  | 'email_same'
  | 'name_required'
  | 'name_long'
  | 'phone_invalid'
  | 'address_long'
  | 'birthday_invalid'
  | 'policy_required'
  | 'token_invalid'
  | 'password_wrong';

export const problemMessages: Record<Problem, string> = {
  email_required: 'Enter your email address.',
  email_invalid: 'Enter an email address like name@example.com.',
  email_long: `An email address has at most ${fieldLimits.email} characters.`,
  email_same: 'This is already your email address.',
  password_required: 'Enter a password.',
  password_short: `Use at least ${passwordLimits.min} characters.`,
  password_long: `Use at most ${passwordLimits.max} characters.`,
  password_common: 'This password is too common. Choose one that is harder to guess.',
  password_wrong: 'The password is not correct.',
  name_required: 'Enter your name.',
  name_long: `A name has at most ${fieldLimits.name} characters.`,
  phone_invalid: `Enter a phone number of digits, spaces and an optional leading +, at most ${fieldLimits.phone} characters.`,
  address_long: `An address has at most ${fieldLimits.address} characters.`,
  birthday_invalid: 'Enter a date in the past, as YYYY-MM-DD.',
  policy_required: 'Accept the privacy policy to create an account.',
  token_invalid: 'This link is invalid, used or expired. Ask for a new one.',
};

export type Problems = Partial<Record<string, Problem>>;

export class AccountInputError extends ValidationError {
  constructor(readonly problems: Problems) {
    const fields: Record<string, string> = {};
    for (const [field, p] of Object.entries(problems)) if (p) fields[field] = problemMessages[p];
    super('Please correct the marked fields.', fields);
  }
}

/** Throws AccountInputError when any field has a problem. */
export function assertNoProblems(problems: Problems): void {
  if (Object.values(problems).some(Boolean)) throw new AccountInputError(problems);
}

// Pragmatic: one @, no spaces or control characters, a dot in the domain. The verification
// email is the real test of an address.
const emailPattern = /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/** Normalised (trimmed, lower-cased) email or its problem. */
export function checkEmail(raw: string | undefined): { email: string } | { problem: Problem } {
  const email = (raw ?? '').trim().toLowerCase();
  if (!email) return { problem: 'email_required' };
  if (email.length > fieldLimits.email) return { problem: 'email_long' };
  if (!emailPattern.test(email)) return { problem: 'email_invalid' };
  return { email };
}

export function nameProblem(name: string): Problem | undefined {
  if (!name) return 'name_required';
  if ([...name].length > fieldLimits.name) return 'name_long';
  return undefined;
}

export function phoneProblem(phone: string): Problem | undefined {
  if (!phone) return undefined;
  return phone.length <= fieldLimits.phone && /^\+?[0-9][0-9 ()-]{3,}$/.test(phone)
    ? undefined
    : 'phone_invalid';
}

export function addressProblem(address: string): Problem | undefined {
  return [...address].length > fieldLimits.address ? 'address_long' : undefined;
}

export function birthdayProblem(birthday: string, today = new Date()): Problem | undefined {
  if (!birthday) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthday);
  if (!m) return 'birthday_invalid';
  const d = new Date(`${birthday}T00:00:00Z`);
  const valid =
    !Number.isNaN(d.getTime()) &&
    d.toISOString().startsWith(birthday) &&
    Number(m[1]) >= 1900 &&
    d.getTime() < today.getTime();
  return valid ? undefined : 'birthday_invalid';
}

/** Optional profile fields: an empty string means "not disclosed" (or "clear it"). */
export interface OptionalProfile {
  phone: string;
  address: string;
  birthday: string;
}

export function cleanText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
