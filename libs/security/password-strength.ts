import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Why a password is too easy to guess, as the catalogues explain it (each kind has its own text). */
export type PasswordWeakness = 'common' | 'keyboard' | 'repeat' | 'sequence' | 'date' | 'single-word' | 'personal' | 'weak';

/** The lowest zxcvbn score accepted: 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn's warning keys, mapped to our kinds of weakness (its English texts are never shown). */
const WEAKNESS_OF_WARNING: Record<string, PasswordWeakness> = {
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  recentYears: 'date',
  dates: 'date',
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  wordByItself: 'single-word',
  namesByThemselves: 'single-word',
  commonNames: 'single-word',
  userInputs: 'personal',
};

/**
 * Password strength estimated by zxcvbn-ts (@zxcvbn-ts/core with the common dictionaries and keyboard
 * layouts of @zxcvbn-ts/language-common, plus our own list of passwords common here), with the person's
 * own data (login, e-mail, name, contract number) as user inputs: a password scoring below 3 is weak,
 * and the reason is the kind of its weakest part.
 */
export class ZxcvbnPasswordStrength {
  private readonly zxcvbn: ZxcvbnFactory;

  constructor(localCommonPasswords: readonly string[] = []) {
    this.zxcvbn = new ZxcvbnFactory({
      graphs: adjacencyGraphs,
      dictionary: { ...dictionary, localCommon: [...localCommonPasswords] },
    });
  }

  /** Why the password is too weak, or null when it scores 3 or more. */
  weakness(password: string, userInputs: readonly (string | null | undefined)[]): PasswordWeakness | null {
    const inputs = userInputs.flatMap((input) => (input ? [input, ...input.split(/[\s@._-]+/).filter((part) => part.length >= 3)] : []));
    const result = this.zxcvbn.check(password, inputs);
    if (result.score >= MIN_PASSWORD_SCORE) return null;
    const warning = result.feedback.warning;
    return (warning && WEAKNESS_OF_WARNING[warning]) || 'weak';
  }
}
