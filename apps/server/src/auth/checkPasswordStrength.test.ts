import { describe, expect, it } from 'vitest';
import { AuthError } from './AuthError.ts';
import { checkPasswordStrength } from './checkPasswordStrength.ts';

const ADA = { email: 'ada.lovelace@example.org', displayName: 'Ada Lovelace' };

function reasonFor(password: string, owner = ADA): string | undefined {
  try {
    checkPasswordStrength(password, owner);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('password-too-weak');
    return (error as AuthError).message;
  }
}

describe('checkPasswordStrength', () => {
  it('takes passphrases and random strings', () => {
    for (const password of ['correct horse battery staple', 'a much better passphrase 7', 'xK9#mQ2$vL-p', 'Tr0ub4dor&3']) expect(reasonFor(password), password).toBeUndefined();
  });

  it('refuses common passwords, repeats, sequences and keyboard walks, with zxcvbn\'s reason', () => {
    expect(reasonFor('password12')).toBe('The password is too easy to guess: This is a commonly used password. Add more words that are less common.');
    for (const password of ['aaaaaaaaaa', '1234567890', 'qwertyuiop12', 'abcdefghij', 'Password123!']) expect(reasonFor(password), password).toMatch(/^The password is too easy to guess: \S/);
  });

  it("refuses the owner's email, its parts and their name, which another owner may use", () => {
    for (const password of ['ada.lovelace@example.org', 'adalovelace1815', 'Lovelace!2024', 'AdaLovelace#1']) {
      expect(reasonFor(password), password).toContain('it contains your email address, your name or the name of this product');
    }
    expect(reasonFor('adalovelace1815', { email: 'grace@example.org', displayName: 'Grace' })).toBeUndefined();
  });
});
