import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { AuthError } from './AuthError.ts';

/**
 * The least zxcvbn score (0-4) a new password needs: 3 is "safely unguessable", about 10^8 to 10^10 guesses, so
 * common passwords, words, names, keyboard walks, repeats, dates and the account's own email or name are refused.
 */
export const PASSWORD_MIN_SCORE = 3;

/** Who a password is for: their email and name count as guessable parts of it. */
export interface PasswordOwner {
  readonly email?: string | undefined;
  readonly displayName?: string | undefined;
}

// zxcvbn's cost grows with length; past this it scores the start, which is already strong or not
const SCORED_LENGTH = 256;
// words of the product itself are the first thing an attacker of this server tries
const PRODUCT_WORDS = ['verbatim', 'transcript', 'transcripts', 'transcribe'];

// built on first use: loading the dictionaries takes about 100 ms and 10 MB, which a server that never sets a
// password need not pay
let factory: ZxcvbnFactory | undefined;

/**
 * Throws {@link AuthError} `password-too-weak`, whose message says why, unless `password` reaches
 * {@link PASSWORD_MIN_SCORE} in zxcvbn (English and common dictionaries, with the owner's email, its parts and their
 * name as words an attacker knows). Checks strength only; the length limits are `checkNewPassword`'s.
 *
 * @example
 * checkPasswordStrength('correct horse battery staple', { email: 'ada@example.org', displayName: 'Ada' }); // passes
 * checkPasswordStrength('ada@example.org', { email: 'ada@example.org' }); // throws: it contains your email or name
 */
export function checkPasswordStrength(password: string, owner: PasswordOwner = {}): void {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    maxLength: SCORED_LENGTH,
  });
  const result = factory.check(password, userInputsOf(owner));
  if (result.score >= PASSWORD_MIN_SCORE) return;
  throw new AuthError('password-too-weak', `The password is too easy to guess: ${reasonOf(result)}`);
}

function reasonOf(result: ZxcvbnResult): string {
  const personal = result.sequence.some((match) => match.pattern === 'dictionary' && match['dictionaryName'] === 'userInputs');
  if (personal) return 'it contains your email address, your name or the name of this product. Choose something unrelated to them.';
  const warning = result.feedback.warning ?? '';
  const suggestions = result.feedback.suggestions.join(' ');
  const advice = [warning, suggestions].filter((part) => part !== '').join(' ');
  return advice === '' ? 'add more words or characters that are less common.' : advice;
}

// the whole email, its local part and domain and their pieces, the name and its words, all lower-cased
function userInputsOf(owner: PasswordOwner): string[] {
  const inputs = new Set<string>(PRODUCT_WORDS);
  const add = (text: string) => {
    const lower = text.trim().toLowerCase();
    if (lower.length >= 3) inputs.add(lower);
  };
  if (owner.email !== undefined) {
    const email = owner.email.trim().toLowerCase();
    add(email);
    const at = email.lastIndexOf('@');
    const local = at < 0 ? email : email.slice(0, at);
    add(local);
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) add(part);
    if (at >= 0) for (const label of email.slice(at + 1).split('.').slice(0, -1)) add(label);
  }
  if (owner.displayName !== undefined) {
    add(owner.displayName);
    add(owner.displayName.replace(/\s+/gu, ''));
    for (const part of owner.displayName.split(/[^\p{L}\p{N}]+/u)) add(part);
  }
  return [...inputs];
}
