import { Misconception } from '../../framework/misconception';
import { CLEAN_ENTRY_MISCONCEPTIONS } from './clean-entry';
import { INVALIDATION_MISCONCEPTIONS } from './invalidation';
import { LOOKUP_FILL_MISCONCEPTIONS } from './lookup-fill';
import { REPLACEMENT_MISCONCEPTIONS } from './replacement';
import { TAG_MISCONCEPTIONS } from './tags';
import { VM_MISCONCEPTIONS } from './vm';

/**
 * The TLB's misconceptions, most specific first: a failing case is
 * diagnosed by the first that recognises it. Tags and rights come before
 * page numbers (a hit on another context's entry or a refused access says
 * more than a wrong page); counts that are only wrong numbers before the
 * invalidations' scope; replacement after page numbers, since a wrong set
 * also evicts the wrong entries.
 */
export const MISCONCEPTIONS: readonly Misconception[] = [
  ...INVALIDATION_MISCONCEPTIONS.filter((m) => m.id === 'drop-count-wrong'),
  ...TAG_MISCONCEPTIONS,
  ...CLEAN_ENTRY_MISCONCEPTIONS.filter((m) => m.id !== 'entry-refuses-what-its-rights-allow' && m.id !== 'write-protect-clear-ignored'),
  ...VM_MISCONCEPTIONS,
  ...INVALIDATION_MISCONCEPTIONS.filter((m) => m.id !== 'drop-count-wrong'),
  ...LOOKUP_FILL_MISCONCEPTIONS,
  ...REPLACEMENT_MISCONCEPTIONS,
  ...CLEAN_ENTRY_MISCONCEPTIONS.filter((m) => m.id === 'write-protect-clear-ignored' || m.id === 'entry-refuses-what-its-rights-allow'),
];
