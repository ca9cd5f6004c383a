import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { TlbRights } from './tlb-probe-types';

/** The letters of TlbRights, in their order, with the RIGHT_* bit each stands for. */
const RIGHT_LETTERS: ReadonlyArray<readonly [string, number]> = [
  ['r', RIGHT_READ],
  ['w', RIGHT_WRITE],
  ['x', RIGHT_EXECUTE],
  ['u', RIGHT_USER],
];

/** The pattern of TlbRights, for schemas: each letter at most once, in order. */
export const TLB_RIGHTS_PATTERN = '^r?w?x?u?$';

/** RIGHT_* bits as letters: RIGHT_READ | RIGHT_USER → "ru". */
export function rightsLetters(rights: number): TlbRights {
  return RIGHT_LETTERS.filter(([, bit]) => (rights & bit) !== 0).map(([letter]) => letter).join('');
}

/** Letters back to RIGHT_* bits; throws on text that is not TlbRights (probes are checked against TLB_RIGHTS_PATTERN first). */
export function rightsFromLetters(letters: TlbRights): number {
  if (!new RegExp(TLB_RIGHTS_PATTERN).test(letters)) throw new Error(`TLB rights "${letters.slice(0, 10)}" are not letters r, w, x, u in that order`);
  return RIGHT_LETTERS.reduce((bits, [letter, bit]) => (letters.includes(letter) ? bits | bit : bits), 0);
}
