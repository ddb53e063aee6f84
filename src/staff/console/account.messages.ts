/** Texts of the staff member's own account page (password change), in en/fi/sv. */
import type { Localized } from '../../kit/web/i18n.ts';

const m = (en: string, fi: string, sv: string): Localized => ({ en, fi, sv });

export const accountText = {
  title: m('Change your password', 'Vaihda salasanasi', 'Byt ditt lösenord'),
  nav: m('Password', 'Salasana', 'Lösenord'),
  help: m(
    'Confirm with your current password and a fresh code. Your other sessions are signed out; this one stays.',
    'Vahvista nykyisellä salasanalla ja uudella koodilla. Muut istuntosi kirjataan ulos; tämä jää voimaan.',
    'Bekräfta med ditt nuvarande lösenord och en ny kod. Dina andra sessioner loggas ut; den här finns kvar.',
  ),
  current: m('Current password', 'Nykyinen salasana', 'Nuvarande lösenord'),
  next: m(
    'New password (at least 8 characters, not a common one)',
    'Uusi salasana (vähintään 8 merkkiä, ei yleinen salasana)',
    'Nytt lösenord (minst 8 tecken, inte ett vanligt lösenord)',
  ),
  save: m('Change password', 'Vaihda salasana', 'Byt lösenord'),
  changed: m(
    'Your password is changed. Other sessions signed out:',
    'Salasanasi on vaihdettu. Muita istuntoja kirjattiin ulos:',
    'Ditt lösenord är bytt. Andra sessioner som loggades ut:',
  ),
  wrong: m(
    'The current password or the code is not correct.',
    'Nykyinen salasana tai koodi ei ole oikein.',
    'Det nuvarande lösenordet eller koden är inte korrekt.',
  ),
  rules: m(
    'The new password must be 8 to 256 characters, not a common password, and not the current one.',
    'Uuden salasanan on oltava 8–256 merkkiä, ei yleinen salasana eikä nykyinen salasana.',
    'Det nya lösenordet måste vara 8–256 tecken, inte ett vanligt lösenord och inte det nuvarande.',
  ),
} as const;
