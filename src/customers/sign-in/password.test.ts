import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password rules (NIST SP 800-63B)', () => {
  it('asks for 8 to 256 characters and nothing about their composition', () => {
    expect(passwordProblem('')).toBe('password_required');
    expect(passwordProblem('abcdefg')).toBe('password_short');
    expect(passwordProblem('abcdefgh')).toBeUndefined();
    expect(passwordProblem('kissa istuu puussa')).toBeUndefined();
    expect(passwordProblem('x'.repeat(256))).toBeUndefined();
    expect(passwordProblem('x'.repeat(257))).toBe('password_long');
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ääääääää')).toBeUndefined();
    expect(passwordProblem('🔒🔒🔒🔒🔒🔒🔒')).toBe('password_short');
  });

  it('refuses common passwords whatever their case', () => {
    for (const p of ['password', 'PASSWORD1', '12345678', 'qwertyuiop', 'Salasana123']) {
      expect(passwordProblem(p), p).toBe('password_common');
    }
  });

  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
