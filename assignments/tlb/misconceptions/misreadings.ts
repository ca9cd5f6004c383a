import { Misreading } from './tlb-model';

/** The misreadings of where entries live and what a page number is, in the order a tie between them is broken. */
export const PAGE_NUMBER_MISREADINGS: readonly Misreading[] = [{ pageBits: 32 }, { pageCompare: '4kib-number' }, { setIndex: '4kib-number' }, { setIndex: 'modulo-ways' }];

/** Replacement misreadings, after those of page numbers (a wrong set shows as wrong evictions too). */
export const REPLACEMENT_MISREADINGS: readonly Misreading[] = [...PAGE_NUMBER_MISREADINGS, { victim: 'fifo' }, { victim: 'mru' }, { fullness: 'fills' }];
